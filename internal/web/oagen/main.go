// Command oagen reads internal/web and prints, for every api(...) route of
// the route table, what its handler does: the success answers it writes
// (writeJSON's status and the Go type of its value, writePaged's items,
// Content-Type headers of downloads), the query parameters it reads
// (url.Values.Get, FormValue, pageParams) and whether it takes an empty
// body; handlers are followed into the package's helpers, with constant
// arguments bound. Compare with apiDocs (openapi_routes.go) when adding or
// changing a route:
//
//	go run ./internal/web/oagen ./internal/web
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/constant"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
)

var (
	fset  = token.NewFileSet()
	info  = &types.Info{Types: map[ast.Expr]types.TypeAndValue{}, Uses: map[*ast.Ident]types.Object{}, Defs: map[*ast.Ident]types.Object{}, Selections: map[*ast.SelectorExpr]*types.Selection{}}
	decls = map[types.Object]*ast.FuncDecl{}
	pkg   *types.Package
)

type result struct {
	Method, Pattern string
	OK              map[int][]string // status -> go types
	List            []string
	CT              []string
	Query           []string
	Handler         string
	Optional        bool
}

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: oagen DIR [-json]")
		os.Exit(2)
	}
	dir := os.Args[1]
	out, err := exec.Command("go", "list", "-export", "-deps", "-f", "{{.ImportPath}}\t{{.Export}}", dir).Output()
	if err != nil {
		panic(err)
	}
	exports := map[string]string{}
	sc := bufio.NewScanner(strings.NewReader(string(out)))
	for sc.Scan() {
		p := strings.SplitN(sc.Text(), "\t", 2)
		if len(p) == 2 {
			exports[p[0]] = p[1]
		}
	}
	imp := importer.ForCompiler(fset, "gc", func(path string) (io.ReadCloser, error) {
		f := exports[path]
		if f == "" {
			return nil, fmt.Errorf("no export for %s", path)
		}
		return os.Open(f)
	})
	matches, _ := filepath.Glob(filepath.Join(dir, "*.go"))
	var files []*ast.File
	for _, m := range matches {
		if strings.HasSuffix(m, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, m, nil, 0)
		if err != nil {
			panic(err)
		}
		files = append(files, f)
	}
	conf := types.Config{Importer: imp}
	pkg, err = conf.Check("github.com/chamber-org/chamber/internal/web", fset, files, info)
	if err != nil {
		panic(err)
	}
	for _, f := range files {
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok {
				decls[info.Defs[fd.Name]] = fd
			}
		}
	}
	var res []*result
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			c, ok := n.(*ast.CallExpr)
			if !ok || !isIdent(c.Fun, "api") {
				return true
			}
			inner := findRoute(c.Args[0])
			if inner == nil {
				panic(fset.Position(c.Pos()).String())
			}
			w0 := &walker{env: map[types.Object]constant.Value{}}
			r := &result{Method: w0.strLit(inner.Args[0]), Pattern: w0.strLit(inner.Args[1]), OK: map[int][]string{}}
			h := inner.Args[len(inner.Args)-1]
			r.Handler = types.ExprString(h) + " " + filepath.Base(fset.Position(c.Pos()).Filename)
			a := &walker{r: r, seen: map[*ast.FuncDecl]bool{}, env: map[types.Object]constant.Value{}}
			a.expr(h, 0)
			sort.Strings(r.Query)
			res = append(res, r)
			return true
		})
	}
	if len(os.Args) > 2 && os.Args[2] == "-json" {
		enc := json.NewEncoder(os.Stdout)
		enc.SetIndent("", " ")
		_ = enc.Encode(res)
		return
	}
	for _, r := range res {
		var ok []string
		for st, ts := range r.OK {
			if st >= 200 && st < 300 || st < 0 {
				ok = append(ok, fmt.Sprintf("%d %s", st, strings.Join(ts, " | ")))
			}
		}
		sort.Strings(ok)
		line := fmt.Sprintf("%s %s\t%s", r.Method, r.Pattern, strings.Join(ok, "; "))
		if len(r.List) > 0 {
			line += "\tlist of " + strings.Join(r.List, " | ")
		}
		if len(r.CT) > 0 {
			line += "\tcontent-type " + strings.Join(r.CT, " | ")
		}
		if len(r.Query) > 0 {
			line += "\tquery " + strings.Join(r.Query, ",")
		}
		if r.Optional {
			line += "\toptional body"
		}
		fmt.Println(line)
	}
}

func isIdent(e ast.Expr, name string) bool { id, ok := e.(*ast.Ident); return ok && id.Name == name }

func (a *walker) strLit(e ast.Expr) string {
	if v := a.val(e); v != nil && v.Kind() == constant.String {
		return constant.StringVal(v)
	}
	return "?" + types.ExprString(e)
}

func findRoute(e ast.Expr) *ast.CallExpr {
	c, ok := e.(*ast.CallExpr)
	if !ok {
		return nil
	}
	if isIdent(c.Fun, "pub") || isIdent(c.Fun, "user") || isIdent(c.Fun, "perm") {
		return c
	}
	for _, a := range c.Args {
		if r := findRoute(a); r != nil {
			return r
		}
	}
	return nil
}

type walker struct {
	r    *result
	seen map[*ast.FuncDecl]bool
	env  map[types.Object]constant.Value
}

func (a *walker) val(e ast.Expr) constant.Value {
	if tv, ok := info.Types[e]; ok && tv.Value != nil {
		return tv.Value
	}
	if id, ok := e.(*ast.Ident); ok {
		return a.env[info.Uses[id]]
	}
	return nil
}

func qual(p *types.Package) string {
	if p == pkg {
		return ""
	}
	return p.Name()
}

func (a *walker) expr(e ast.Expr, depth int) {
	// handler: s.method, func literal, or call returning a handler
	switch x := e.(type) {
	case *ast.SelectorExpr:
		a.obj(info.Uses[x.Sel], depth)
	case *ast.Ident:
		a.obj(info.Uses[x], depth)
	case *ast.FuncLit:
		a.body(x.Body, depth)
	case *ast.CallExpr:
		a.call(x, depth)
		for _, arg := range x.Args {
			a.expr(arg, depth)
		}
	}
}

func (a *walker) obj(o types.Object, depth int) { a.objArgs(o, depth, nil) }

func (a *walker) objArgs(o types.Object, depth int, args []ast.Expr) {
	fd := decls[o]
	if fd == nil || depth > 5 || fd.Body == nil {
		return
	}
	if len(args) > 0 {
		i := 0
		bound := false
		for _, f := range fd.Type.Params.List {
			for _, n := range f.Names {
				if i < len(args) {
					if v := a.val(args[i]); v != nil {
						a.env[info.Defs[n]] = v
						bound = true
					}
				}
				i++
			}
		}
		if bound {
			delete(a.seen, fd)
		}
	}
	if a.seen[fd] {
		return
	}
	switch fd.Name.Name {
	case "writeJSON", "writePaged", "pageParams", "writeError", "render", "renderPage", "newList":
		return
	}
	a.seen[fd] = true
	a.body(fd.Body, depth+1)
}

func (a *walker) body(b ast.Node, depth int) {
	ast.Inspect(b, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.CallExpr:
			a.call(x, depth)
		case *ast.SelectorExpr: // method values passed around
			if x.Sel.Name == "ContentLength" {
				a.r.Optional = true
			}
			if o, ok := info.Uses[x.Sel].(*types.Func); ok && o.Pkg() == pkg {
				a.obj(o, depth)
			}
		case *ast.Ident:
			if o, ok := info.Uses[x].(*types.Func); ok && o.Pkg() == pkg {
				a.obj(o, depth)
			}
		}
		return true
	})
}

func (a *walker) status(e ast.Expr) int {
	cv := a.val(e)
	if cv == nil {
		return -1
	}
	v, _ := constant.Int64Val(cv)
	return int(v)
}

func add(s []string, v string) []string {
	for _, x := range s {
		if x == v {
			return s
		}
	}
	return append(s, v)
}

func (a *walker) call(c *ast.CallExpr, depth int) {
	var name string
	var fn *types.Func
	switch f := c.Fun.(type) {
	case *ast.Ident:
		name = f.Name
		fn, _ = info.Uses[f].(*types.Func)
	case *ast.SelectorExpr:
		name = f.Sel.Name
		fn, _ = info.Uses[f.Sel].(*types.Func)
	case *ast.IndexExpr:
		if id, ok := f.X.(*ast.Ident); ok {
			name = id.Name
			fn, _ = info.Uses[id].(*types.Func)
		}
	}
	if fn == nil {
		return
	}
	full := fn.FullName()
	switch {
	case fn.Pkg() == pkg && name == "writeJSON":
		st := a.status(c.Args[1])
		t := info.Types[c.Args[2]].Type
		ts := types.TypeString(t, qual)
		if cl, ok := c.Args[2].(*ast.CompositeLit); ok && strings.HasPrefix(ts, "map[") {
			var fields []string
			for _, el := range cl.Elts {
				kv := el.(*ast.KeyValueExpr)
				fields = append(fields, a.strLit(kv.Key)+"="+types.TypeString(info.Types[kv.Value].Type, qual))
			}
			ts += " {" + strings.Join(fields, "; ") + "}"
		}
		a.r.OK[st] = add(a.r.OK[st], ts)
	case fn.Pkg() == pkg && name == "writePaged":
		t := info.Types[c.Args[2]].Type
		a.r.List = add(a.r.List, types.TypeString(t.(*types.Slice).Elem(), qual))
		a.r.Query = add(add(a.r.Query, "cursor"), "limit")
	case fn.Pkg() == pkg && name == "decodeOptional":
		a.r.Optional = true
	case fn.Pkg() == pkg && name == "pageParams":
		a.r.Query = add(add(a.r.Query, "cursor"), "limit")
	case full == "(net/url.Values).Get" || full == "(net/url.Values).Has" || full == "(*net/http.Request).FormValue":
		a.r.Query = add(a.r.Query, a.strLit(c.Args[0]))
	case full == "(net/http.Header).Set" && a.strLit(c.Args[0]) == "Content-Type":
		a.r.CT = add(a.r.CT, a.strLit(c.Args[1]))
	case full == "(net/http.ResponseWriter).WriteHeader":
		st := a.status(c.Args[0])
		a.r.OK[st] = add(a.r.OK[st], "")
	case full == "net/http.ServeContent":
		a.r.CT = add(a.r.CT, "servecontent")
	case full == "net/http.Redirect":
		a.r.OK[a.status(c.Args[3])] = add(a.r.OK[a.status(c.Args[3])], "redirect")
	case fn.Pkg() == pkg:
		a.objArgs(fn, depth, c.Args)
	}
}
