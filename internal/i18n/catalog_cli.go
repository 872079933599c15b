package i18n

// cliCatalog: what the chamber command prints, in the language of LANG
// (or CHAMBER_LANG, or --lang).
var cliCatalog = map[string][2]string{
	"cli.backup_written":  {"备份已写入 %s（附件：%d 个文件，在 %s.blobs）", "backup written to %s (attachments: %d files in %s.blobs)"},
	"cli.backup_key":      {"安装密钥不在备份中，它是 %s；请把它的副本与备份分开保管（没有它，SMTP 密码和尚未结束的表决的选票将无法读取）", "the installation key is NOT in the backup: it is %s; keep a copy of it apart from the backup (without it the SMTP password and the ballots of votes still open cannot be read)"},
	"cli.backup_exists":   {"backup：%s 已存在，请换一个文件名（备份从不覆盖文件）", "backup: %s already exists: choose a new file name (a backup never overwrites)"},
	"cli.restored":        {"已将 %s 恢复到 %s（附件：%d 个文件）", "restored %s into %s (attachments: %d files)"},
	"cli.import_row":      {"第 %d 行\t%s\t%s", "row %d\t%s\t%s"},
	"cli.import_problems": {"%s：%d 处问题，未导入任何数据", "%s: %d problems; nothing was imported"},
	"cli.imported":        {"已导入 %d 位会员", "imported %d members"},
	"cli.exported":        {"已导出 %d 位会员到 %s", "exported %d members to %s"},
	"cli.serving":         {"chamber %s 正在 %s 提供服务（数据库 %s）", "chamber %s serving %s (database %s)"},
	"cli.public_address":  {"公开地址 %s", "public address %s"},
	"cli.demo_logins":     {"演示账号（密码 %q）：", "demo logins (password %q):"},
	"cli.migrated":        {"数据库已是最新", "database is up to date"},
	"cli.user_created":    {"已创建用户 %s（id %d）", "created user %s (id %d)"},
	"cli.password_set":    {"%s 的密码已修改，其会话已全部结束", "password of %s changed; its sessions have ended"},
	"cli.verify_ok":       {"ok（审计链与账簿均完好）", "ok"},
	"cli.verify_broken":   {"verify：%s（第一条损坏的记录：%s%s）", "verify: %s (first broken record: %s%s)"},
	"cli.verify_more":     {"；共 %d 处不一致", "; %d differences in all"},
	"cli.verify_ledger":   {"verify：%s（第一条损坏的记录：凭证 %d）", "verify: %s (first broken record: voucher %d)"},
	"cli.key_created":     {"chamber：已创建安装密钥 %s（权限 0600）：请将副本与数据库及其备份分开保管", "chamber: created the installation key %s (mode 0600): keep a copy apart from the database and its backups"},
	"cli.usage_hint":      {"运行 \"chamber help\" 查看用法。", "Run \"chamber help\" for usage."},
	"cli.invited":         {"已生成 %d 份门户邀请（%d 份已排队发邮件），激活码写入 %s：请妥善保管，打印后删除", "%d portal invitations made (%d queued for e-mail), codes written to %s: keep it safe and delete it once printed"},
	"cli.reindexed":       {"检索索引已重建：%d 个附件提取了文字，%d 条记录重写了检索词；%d 个附件文件缺失（下次运行再试）", "search index rebuilt: text extracted from %d files, search tokens rewritten for %d rows; %d files missing (tried again next run)"},
	"cli.bad_lang":        {"--lang 只能是 zh-CN 或 en", "--lang must be zh-CN or en"},
}
