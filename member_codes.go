package chamber

// The codes a member file checks: 统一社会信用代码 (GB 32100 check character)
// and mainland phone numbers.

import (
	"regexp"
	"strings"
)

var creditCodeWeights = [17]int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}

// CreditCodeCheckChar returns the check character of the first 17
// characters of a 统一社会信用代码, or 0 if they hold a character outside the set.
func CreditCodeCheckChar(first17 string) byte {
	if len(first17) != 17 {
		return 0
	}
	sum := 0
	for i := 0; i < 17; i++ {
		v := strings.IndexByte(creditCodeChars, first17[i])
		if v < 0 {
			return 0
		}
		sum += v * creditCodeWeights[i]
	}
	c := 31 - sum%31
	if c == 31 {
		c = 0
	}
	return creditCodeChars[c]
}

// CheckCreditCode returns "" for a valid 统一社会信用代码, else a catalog key
// saying what is wrong.
func CheckCreditCode(code string) string {
	if len(code) != 18 {
		return "err.credit_code_length"
	}
	for i := 0; i < 18; i++ {
		if strings.IndexByte(creditCodeChars, code[i]) < 0 {
			return "err.credit_code_chars"
		}
	}
	if CreditCodeCheckChar(code[:17]) != code[17] {
		return "err.credit_code_check"
	}
	return ""
}

var (
	mobileRE   = regexp.MustCompile(`^1[3-9]\d{9}$`)
	landlineRE = regexp.MustCompile(`^0\d{2,3}-?\d{7,8}(-\d{1,6})?$`)
)

// NormalizePhone removes spaces and a +86 / 0086 prefix of a mobile number.
func NormalizePhone(s string) string {
	s = strings.NewReplacer(" ", "", "\u00a0", "", "(", "", ")", "").Replace(strings.TrimSpace(s))
	for _, p := range []string{"+86-", "+86", "0086"} {
		if rest, ok := strings.CutPrefix(s, p); ok && mobileRE.MatchString(rest) {
			return rest
		}
	}
	return s
}

// ValidPhone reports a mainland mobile (1[3-9] and 9 digits) or landline
// number (area code 0xx or 0xxx, 7–8 digits, optional extension).
func ValidPhone(s string) bool { return mobileRE.MatchString(s) || landlineRE.MatchString(s) }
