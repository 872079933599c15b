// Package search turns Chinese and Latin text into the tokens chamber's
// search indexes hold, built once at write time: character bigrams (so any
// two characters find a name), full pinyin and pinyin initials from every
// syllable on (so "zhangjianguo", "jianguo" and "zjg" find 张建国), and
// Latin words and numbers. A query becomes terms that must all match, some
// by prefix. Tokens are plain ASCII letters and digits, so any full-text
// index (SQLite FTS5, PostgreSQL tsvector) holds them unchanged.
package search

import (
	"strconv"
	"strings"
	"sync"
	"unicode"

	"github.com/mozillazg/go-pinyin"
)

// MaxTokenLen bounds a token; longer pinyin is cut, and a longer query word
// is cut the same way, so a prefix match still works.
const MaxTokenLen = 30

// MaxTerms bounds the terms of one query.
const MaxTerms = 8

// Term is one query term: the token, and whether it matches as a prefix.
type Term struct {
	Text   string
	Prefix bool
}

// hanToken encodes runes as "v" and five hex digits each: fixed width, so a
// one-character query is a prefix of every bigram starting with it. No
// pinyin syllable starts with v.
func hanToken(rs ...rune) string {
	var b strings.Builder
	b.WriteByte('v')
	for _, r := range rs {
		h := strconv.FormatInt(int64(r), 16)
		b.WriteString(strings.Repeat("0", 5-len(h)))
		b.WriteString(h)
	}
	return b.String()
}

type run struct {
	han   bool
	runes []rune
}

// runs splits text into runs of Han characters and of Latin letters/digits;
// everything else separates.
func runs(s string) []run {
	var out []run
	var cur *run
	for _, r := range s {
		var han bool
		switch {
		case unicode.Is(unicode.Han, r):
			han = true
		case r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			r = unicode.ToLower(r)
		case r >= 0xFF10 && r <= 0xFF5A && (unicode.IsLetter(r) || unicode.IsDigit(r)): // full-width Latin
			r = unicode.ToLower(r - 0xFEE0)
		default:
			cur = nil
			continue
		}
		if cur == nil || cur.han != han {
			out = append(out, run{han: han})
			cur = &out[len(out)-1]
		}
		cur.runes = append(cur.runes, r)
	}
	return out
}

func cut(s string) string {
	if len(s) > MaxTokenLen {
		return s[:MaxTokenLen]
	}
	return s
}

// syllables caches the pinyin of each character (go-pinyin strips tones
// with a regular expression on every call: most of the cost of Tokens).
var syllables sync.Map // rune → string

func syllable(r rune, args pinyin.Args) string {
	if v, ok := syllables.Load(r); ok {
		return v.(string)
	}
	s := ""
	if p := pinyin.SinglePinyin(r, args); len(p) > 0 {
		s = p[0]
	}
	syllables.Store(r, s)
	return s
}

// Tokens returns the index tokens of some texts, without duplicates.
func Tokens(texts ...string) []string {
	t := tokenizer{seen: map[string]bool{}}
	for _, text := range texts {
		t.text(text, MaxTokenLen)
	}
	return t.out
}

// TextSyllables is how many syllables of pinyin (and initials) a body
// text is indexed by from each character on: a query of up to four
// syllables ("kuajing", "kjds") finds it; a title is indexed in full.
// Unbounded, pinyin would be nine tenths of the index of a long text.
const TextSyllables = 4

type tokenizer struct {
	seen map[string]bool
	out  []string
}

func (t *tokenizer) add(s string) {
	if s != "" && !t.seen[s] {
		t.seen[s] = true
		t.out = append(t.out, s)
	}
}

// text adds the tokens of one text, pinyin and initials of up to maxSyl
// syllables from each character on (and never beyond MaxTokenLen).
func (t *tokenizer) text(text string, maxSyl int) {
	add := t.add
	args := pinyin.NewArgs()
	for _, rn := range runs(text) {
		if !rn.han {
			add(cut(string(rn.runes)))
			continue
		}
		rs := rn.runes
		for i := 0; i+1 < len(rs); i++ {
			add(hanToken(rs[i], rs[i+1]))
		}
		add(hanToken(rs[len(rs)-1]))
		syl := make([]string, len(rs))
		for i, r := range rs {
			syl[i] = syllable(r, args)
		}
		for i := range syl {
			var full, initials strings.Builder
			for _, s := range syl[i:] {
				if s == "" || initials.Len() >= min(MaxTokenLen, maxSyl) {
					break // both are cut there: the rest changes nothing
				}
				if full.Len() < MaxTokenLen {
					full.WriteString(s)
				}
				initials.WriteByte(s[0])
			}
			add(cut(full.String()))
			add(cut(initials.String()))
		}
	}
}

// Query turns a search text into terms that must all match. It returns nil
// when the text holds nothing searchable.
func Query(q string) []Term {
	var out []Term
	seen := map[string]bool{}
	add := func(t Term) {
		if t.Text != "" && !seen[t.Text] && len(out) < MaxTerms {
			seen[t.Text] = true
			out = append(out, t)
		}
	}
	for _, rn := range runs(q) {
		if !rn.han {
			add(Term{Text: cut(string(rn.runes)), Prefix: true})
			continue
		}
		if len(rn.runes) == 1 {
			add(Term{Text: hanToken(rn.runes[0]), Prefix: true})
			continue
		}
		for i := 0; i+1 < len(rn.runes); i++ {
			add(Term{Text: hanToken(rn.runes[i], rn.runes[i+1])})
		}
	}
	return out
}

// FTS5 renders terms as an SQLite FTS5 MATCH expression.
func FTS5(terms []Term) string {
	parts := make([]string, len(terms))
	for i, t := range terms {
		parts[i] = `"` + t.Text + `"`
		if t.Prefix {
			parts[i] += "*"
		}
	}
	return strings.Join(parts, " AND ")
}

// TSQuery renders terms as a PostgreSQL tsquery literal.
func TSQuery(terms []Term) string {
	parts := make([]string, len(terms))
	for i, t := range terms {
		parts[i] = "'" + t.Text + "'"
		if t.Prefix {
			parts[i] += ":*"
		}
	}
	return strings.Join(parts, " & ")
}

// Romanize returns the full pinyin and the pinyin initials of the Chinese
// characters in s ("张建国" → "zhangjianguo", "zjg"), for places that show
// them (a check-in list a browser filters as one types).
func Romanize(s string) (full, initials string) {
	args := pinyin.NewArgs()
	var f, i strings.Builder
	for _, r := range s {
		if p := pinyin.SinglePinyin(r, args); len(p) > 0 && p[0] != "" {
			f.WriteString(p[0])
			i.WriteByte(p[0][0])
		}
	}
	return f.String(), i.String()
}

// Words returns the words two texts are compared by: every bigram of each
// run of Han characters (a single character alone), and each Latin word
// or number, lower-cased. Unlike Tokens they stay readable, to explain a match.
func Words(texts ...string) map[string]bool {
	out := map[string]bool{}
	for _, text := range texts {
		for _, rn := range runs(text) {
			if !rn.han {
				out[string(rn.runes)] = true
				continue
			}
			if len(rn.runes) == 1 {
				out[string(rn.runes)] = true
			}
			for i := 0; i+1 < len(rn.runes); i++ {
				out[string(rn.runes[i:i+2])] = true
			}
		}
	}
	return out
}

// titleMark prefixes the title's tokens, indexed besides the plain ones,
// so that a query can ask for hits in the title. No plain token starts
// with a digit followed by a letter other than in a Latin word like "0t1".
const titleMark = "0t"

// Indexed returns the tokens of a row whose title is title and whose other
// texts are texts: the title's tokens (pinyin in full), the texts' (pinyin
// of up to TextSyllables syllables), and the title's again marked as title
// tokens (for InTitle).
func Indexed(title string, texts ...string) []string {
	t := tokenizer{seen: map[string]bool{}}
	t.text(title, MaxTokenLen)
	titled := len(t.out)
	for _, text := range texts {
		t.text(text, TextSyllables)
	}
	for _, tok := range t.out[:titled] {
		t.out = append(t.out, titleMark+tok)
	}
	return t.out
}

// InTitle turns query terms into terms that match only in a title
// (tokens written by Indexed).
func InTitle(terms []Term) []Term {
	out := make([]Term, len(terms))
	for i, t := range terms {
		out[i] = Term{Text: titleMark + t.Text, Prefix: t.Prefix}
	}
	return out
}
