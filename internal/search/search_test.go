package search

import (
	"strings"
	"testing"

	"pgregory.net/rapid"
)

// matches is what the index does: every term is a token or a prefix of one.
func matches(tokens []string, terms []Term) bool {
	if len(terms) == 0 {
		return false
	}
	for _, t := range terms {
		found := false
		for _, tok := range tokens {
			if tok == t.Text || (t.Prefix && strings.HasPrefix(tok, t.Text)) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

func TestSearchExpectations(t *testing.T) {
	tokens := Tokens("张建国", "杭州建国科技有限公司 ABC-Tech", "13812345678")
	for _, q := range []string{"建国", "张建国", "zhangjianguo", "zjg", "jianguo", "ZJG", "zhang", "有限公司", "杭州", "hzjgkj", "abc", "tech", "138123", "张", "国"} {
		if !matches(tokens, Query(q)) {
			t.Errorf("%q does not find it", q)
		}
	}
	for _, q := range []string{"建华", "lisi", "zjh", "国张", "上海", "", "  ", "!!"} {
		if matches(tokens, Query(q)) {
			t.Errorf("%q finds it", q)
		}
	}
}

// Any substring of two or more Han characters of a name finds it, and so
// does the pinyin of any syllable-aligned substring.
func TestSubstringsFind(t *testing.T) {
	han := []rune("张王李赵建国华明科技有限公司杭州温州商贸")
	rapid.Check(t, func(t *rapid.T) {
		name := rapid.SliceOfN(rapid.SampledFrom(han), 2, 20).Draw(t, "name")
		i := rapid.IntRange(0, len(name)-2).Draw(t, "i")
		j := rapid.IntRange(i+2, len(name)).Draw(t, "j")
		tokens := Tokens(string(name))
		if q := string(name[i:j]); !matches(tokens, Query(q)) {
			t.Fatalf("%q does not find %q", q, string(name))
		}
		var py, ini strings.Builder
		for _, r := range name[i:j] {
			s := Tokens(string(r))
			// the full pinyin of a single character is its second token (after the Han token)
			py.WriteString(s[1])
			ini.WriteString(s[1][:1])
		}
		for _, q := range []string{py.String(), ini.String()} {
			if !matches(tokens, Query(q)) {
				t.Fatalf("%q does not find %q", q, string(name))
			}
		}
	})
}

func TestRenderers(t *testing.T) {
	terms := Query("建国 zjg")
	if got := FTS5(terms); got != `"v05efa056fd" AND "zjg"*` {
		t.Errorf("fts5: %s", got)
	}
	if got := TSQuery(terms); got != `'v05efa056fd' & 'zjg':*` {
		t.Errorf("tsquery: %s", got)
	}
}

func TestRomanize(t *testing.T) {
	if f, i := Romanize("张建国"); f != "zhangjianguo" || i != "zjg" {
		t.Fatalf("%q %q", f, i)
	}
	if f, i := Romanize("ABC 公司"); f != "gongsi" || i != "gs" {
		t.Fatalf("%q %q", f, i)
	}
}

// TestIndexed: a title is found by its whole pinyin and as a title; a
// text by two characters and by up to TextSyllables syllables, never as
// a title.
func TestIndexed(t *testing.T) {
	tok := Indexed("关于跨境电商工作的通知", "为进一步做好中小企业融资担保业务现将有关事项通知如下")
	for q, want := range map[string]bool{"kuajingdianshang": true, "gykjdsgzdtz": true, "融资": true, "danbao": true, "rzdb": true,
		"rongzidanbao": true, "rongzidanbaoye": false, "zxqyrz": false, "不存在": false} {
		if got := matches(tok, Query(q)); got != want {
			t.Errorf("%s: %v, want %v", q, got, want)
		}
	}
	for q, want := range map[string]bool{"跨境": true, "kuajing": true, "通知": true, "融资": false, "danbao": false} {
		if got := matches(tok, InTitle(Query(q))); got != want {
			t.Errorf("in title %s: %v, want %v", q, got, want)
		}
	}
}
