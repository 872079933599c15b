package chamber

import (
	"context"
	"regexp"
	"time"
	"unicode/utf8"
)

// User is a login: a member of staff, a leader, a member's representative
// (MemberID set) or the administrator.
type User struct {
	ID        ID        `json:"id"`
	Username  string    `json:"username"`
	Name      string    `json:"name"`
	Admin     bool      `json:"admin"`
	MemberID  ID        `json:"member_id,omitempty"`
	Locale    string    `json:"locale,omitempty"`
	Disabled  bool      `json:"disabled"`
	CreatedAt time.Time `json:"created_at"`
}

// NewUser is the form for creating a login.
type NewUser struct {
	Username string `json:"username"`
	Name     string `json:"name"`
	Password string `json:"password"`
	Admin    bool   `json:"admin"`
	MemberID ID     `json:"member_id,omitempty"`
	// MemberNo links the login by 会员编号 instead of the internal id.
	MemberNo string `json:"member_no,omitempty"`
}

// MinPasswordLen and MaxPasswordLen bound passwords (characters).
const (
	MinPasswordLen = 8
	MaxPasswordLen = 256
)

var usernameRE = regexp.MustCompile(`^[a-zA-Z0-9][a-zA-Z0-9._@-]{1,63}$`)

// Validate checks the form.
func (u *NewUser) Validate() error {
	var f Fields
	if !usernameRE.MatchString(u.Username) {
		f.Add("username", "err.username_format")
	}
	if n := utf8.RuneCountInString(u.Name); n == 0 {
		f.Add("name", "err.required")
	} else if n > 100 {
		f.Add("name", "err.too_long", 100)
	}
	if err := ValidatePassword(u.Password); err != "" {
		f.Add("password", err, MinPasswordLen)
	}
	if u.MemberID < 0 {
		f.Add("member_id", "err.invalid_value")
	}
	return f.Err()
}

// ValidatePassword returns a catalog key when pw is unacceptable, "" when fine.
func ValidatePassword(pw string) string {
	n := utf8.RuneCountInString(pw)
	if n < MinPasswordLen {
		return "err.password_short"
	}
	if n > MaxPasswordLen || !utf8.ValidString(pw) {
		return "err.password_long"
	}
	return ""
}

// Token is an API token's record; the secret itself is shown once and only
// its hash is stored.
type Token struct {
	ID         ID         `json:"id"`
	UserID     ID         `json:"user_id"`
	Name       string     `json:"name"`
	CreatedAt  time.Time  `json:"created_at"`
	LastUsedAt *time.Time `json:"last_used_at,omitempty"`
	RevokedAt  *time.Time `json:"revoked_at,omitempty"`
}

// Session limits. A session ends after SessionIdle without a request or
// SessionAbsolute after login, whichever comes first.
const (
	SessionIdle     = 12 * time.Hour
	SessionAbsolute = 7 * 24 * time.Hour
)

// UserService manages logins, sessions and tokens.
type UserService interface {
	CreateUser(ctx context.Context, in NewUser) (*User, error)
	FindUser(ctx context.Context, id ID) (*User, error)
	FindUserByUsername(ctx context.Context, username string) (*User, error)
	ListUsers(ctx context.Context, p Page) ([]*User, string, error)
	SetPassword(ctx context.Context, userID ID, password string) error
	ChangeOwnPassword(ctx context.Context, oldPassword, newPassword string) error
	SetUserDisabled(ctx context.Context, userID ID, disabled bool) error
	SetLocale(ctx context.Context, locale string) error

	// Login checks a username and password from addr. It returns
	// EUNAUTHORIZED (the same for an unknown user and a wrong password) or
	// ETHROTTLED after repeated failures.
	Login(ctx context.Context, username, password, addr string) (*User, error)
	CreateSession(ctx context.Context, userID ID) (secret string, err error)
	// SessionActor returns the actor of a live session, extending its idle expiry.
	SessionActor(ctx context.Context, secret string) (*Actor, error)
	DeleteSession(ctx context.Context, secret string) error

	CreateToken(ctx context.Context, userID ID, name string) (secret string, tok *Token, err error)
	TokenActor(ctx context.Context, secret string) (*Actor, ID, error)
	ListTokens(ctx context.Context, userID ID) ([]*Token, error)
	RevokeToken(ctx context.Context, tokenID ID) error

	// Actor loads the actor of a user with the permissions it holds today.
	Actor(ctx context.Context, userID ID) (*Actor, error)
}

// Invitation is a one-time activation of a member's portal login: the
// code goes out by e-mail or on a printed letter; whoever holds it sets the
// password once. Only the code's hash is kept.
type Invitation struct {
	ID        ID         `json:"id"`
	MemberID  ID         `json:"member_id"`
	MemberNo  string     `json:"member_no"`
	Member    string     `json:"member"`
	Username  string     `json:"username"`
	Name      string     `json:"name"`
	Email     string     `json:"email,omitempty"`
	Code      string     `json:"code,omitempty"` // only when just made
	Mailed    bool       `json:"mailed"`
	CreatedAt time.Time  `json:"created_at"`
	ExpiresAt time.Time  `json:"expires_at"`
	UsedAt    *time.Time `json:"used_at,omitempty"`
}

// InviteFilter picks whom to invite: members by number, or every active
// member (of a tier) whose representatives have no portal login yet.
type InviteFilter struct {
	MemberNos []string `json:"member_nos,omitempty"`
	Tier      string   `json:"tier,omitempty"`
	All       bool     `json:"all,omitempty"`
	// Mail sends each invitation with an e-mail address its link.
	Mail bool `json:"mail"`
}

// InvitationValidity is how long an activation code works.
const InvitationValidity = 30 * 24 * time.Hour

// InvitationService makes portal logins in bulk.
type InvitationService interface {
	// InviteMembers makes an invitation for each representative (or the
	// contact) of the chosen members who has no portal login yet
	// (user.manage); the codes are in the answer only.
	InviteMembers(ctx context.Context, f InviteFilter, activateURL string) ([]*Invitation, error)
	ListInvitations(ctx context.Context, p Page) ([]*Invitation, string, error)
	// Activate sets the password of an invited login with its code (no
	// login needed) and returns the new login.
	Activate(ctx context.Context, code, password string) (*User, error)
}
