package i18n

// hardenCatalog: throttles, the vote link confirmation and other guards.
var hardenCatalog = map[string][2]string{
	"meeting.notice_link": {"会议详情及回执：%s", "Details and reply: %s"},
	"err.apply_throttled": {"从此网络提交的入会申请过多，请 %d 秒后再试。", "Too many applications from this network; try again in %d seconds."},
	"vote.enter_title":    {"进入投票", "Enter the vote"},
	"vote.enter_prompt":   {"此链接将在本浏览器中保存投票凭证。请只在您本人的设备上继续。", "This link stores a voting credential in this browser. Continue only on your own device."},
	"vote.enter_button":   {"在本设备上投票", "Vote on this device"},
	"vote.no_credential":  {"没有有效的投票凭证。请在会场签到后使用发给您的链接或二维码。", "No valid voting credential. Check in at the meeting and use the link or QR code you were given."},
	"vote.bad_credential": {"投票凭证无效或不属于此会议。", "The voting credential is not valid for this meeting."},
}
