package main

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/seal"
	"github.com/chamber-org/chamber/internal/sqlstore"
	"github.com/chamber-org/chamber/internal/sqlstore/sqlstoretest"
)

// TestCluster starts three `chamber serve` processes on one PostgreSQL
// behind a real nginx on loopback, and shows that a session made on one
// instance works on all of them and through the balancer; that a sitting
// runs through all three (check-ins on each, seen at once by the others'
// quorum; an open and a secret motion whose ballots come through nginx
// while one instance is killed and restarted) with exact tallies; that a
// queued import job is run once; that an announcement to every member is
// mailed once each; that an import whose instance is killed (SIGKILL)
// mid-run is taken over and done once while every write acknowledged
// meanwhile is kept; that the singleton loops (mail, publishing, the
// reminders, escalation) are held by exactly one instance and move to
// another when it is drained with SIGTERM; and that the audit chain verifies.
// Run it with
//
//	CHAMBER_TEST_CLUSTER=1 CHAMBER_TEST_POSTGRES_URL=… go test -run TestCluster -v ./cmd/chamber
func TestCluster(t *testing.T) {
	if os.Getenv("CHAMBER_TEST_CLUSTER") != "1" {
		t.Skip("cluster test: set CHAMBER_TEST_CLUSTER=1 (needs nginx and PostgreSQL)")
	}
	nginx, err := exec.LookPath("nginx")
	if err != nil {
		if _, err2 := os.Stat("/usr/sbin/nginx"); err2 != nil {
			t.Fatalf("nginx not installed: %v", err)
		}
		nginx = "/usr/sbin/nginx"
	}
	dsn := sqlstoretest.DSN(t, false)
	if !strings.HasPrefix(dsn, "postgres") {
		t.Fatal("the cluster test needs CHAMBER_TEST_POSTGRES_URL")
	}
	dir := t.TempDir()
	os.Chmod(dir, 0o755)
	bin := filepath.Join(dir, "chamber")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	keyFile := filepath.Join(dir, "chamber.key")
	env := map[string]string{"CHAMBER_DB": dsn, "CHAMBER_KEY_FILE": keyFile}
	if code, _, stderr := cli(t, env, "cluster-password\n", "user", "add", "--username", "boss", "--name", "会长", "--role", "admin", "--password-stdin"); code != 0 {
		t.Fatalf("user add: %s", stderr)
	}
	key, _, err := seal.LoadOrCreate(keyFile)
	if err != nil {
		t.Fatal(err)
	}
	db, err := sqlstore.Open(context.Background(), dsn, sqlstore.Options{Key: key})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()

	// Three instances.
	cl := &cluster{t: t, bin: bin, dsn: dsn, keyFile: keyFile}
	for i := 0; i < 3; i++ {
		cl.inst = append(cl.inst, &clusterInstance{addr: freeAddr(t)})
		cl.start(i)
	}
	t.Cleanup(func() {
		for _, in := range cl.inst {
			if in.cmd.ProcessState == nil {
				in.cmd.Process.Kill()
				in.cmd.Wait()
			}
			if t.Failed() {
				t.Logf("instance %s:\n%s", in.addr, in.log)
			}
		}
	})
	inst := cl.inst
	for _, in := range inst {
		waitHealthy(t, "http://"+in.addr)
	}

	// nginx in front of them.
	lb := freeAddr(t)
	var ups strings.Builder
	for _, in := range inst {
		fmt.Fprintf(&ups, "    server %s max_fails=1 fail_timeout=5s;\n", in.addr)
	}
	user := ""
	if os.Geteuid() == 0 {
		user = "user root;"
	}
	conf := fmt.Sprintf(`%s
daemon off;
worker_processes 1;
pid %[2]s/nginx.pid;
error_log %[2]s/error.log;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path %[2]s/body;
  proxy_temp_path %[2]s/proxy;
  fastcgi_temp_path %[2]s/fastcgi;
  uwsgi_temp_path %[2]s/uwsgi;
  scgi_temp_path %[2]s/scgi;
  upstream chamber {
%[3]s  }
  server {
    listen %[4]s;
    location / {
      proxy_pass http://chamber;
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_next_upstream error timeout http_503;
    }
  }
}
`, user, dir, ups.String(), lb)
	if err := os.WriteFile(filepath.Join(dir, "nginx.conf"), []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
	ng := exec.Command(nginx, "-p", dir, "-c", filepath.Join(dir, "nginx.conf"))
	var nglog bytes.Buffer
	ng.Stdout, ng.Stderr = &nglog, &nglog
	if err := ng.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ng.Process.Signal(syscall.SIGQUIT)
		ng.Wait()
		if t.Failed() {
			b, _ := os.ReadFile(filepath.Join(dir, "error.log"))
			t.Logf("nginx: %s\n%s", nglog.String(), b)
		}
	})
	front := "http://" + lb
	waitHealthy(t, front)
	cl.front = front

	// A session made on instance 0 works on every instance and through nginx.
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.PostForm("http://"+inst[0].addr+"/login", url.Values{"username": {"boss"}, "password": {"cluster-password"}, "next": {"/"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	var cookies []*http.Cookie
	for _, ck := range resp.Cookies() {
		if ck.Value != "" {
			cookies = append(cookies, ck)
		}
	}
	if resp.StatusCode != http.StatusSeeOther || len(cookies) == 0 {
		t.Fatalf("login: %d %v", resp.StatusCode, resp.Cookies())
	}
	cl.cookies = cookies
	home := func(base string) int {
		req, _ := http.NewRequest("GET", base+"/members", nil)
		for _, ck := range cookies {
			req.AddCookie(ck)
		}
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	for _, in := range inst {
		if code := home("http://" + in.addr); code != 200 {
			t.Fatalf("session from instance 0 on %s: %d", in.addr, code)
		}
	}
	start := time.Now()
	for i := 0; i < 60; i++ {
		if code := home(front); code != 200 {
			t.Fatalf("request %d through nginx: %d", i, code)
		}
	}
	t.Logf("60 session requests through nginx in %v", time.Since(start).Round(time.Millisecond))

	// A sitting through all three instances, one of them killed mid-vote.
	cl.sitting(db)

	// A queued import job is run once, by whichever instance claims it.
	var csv strings.Builder
	csv.WriteString("名称,类型,统一社会信用代码,电子邮箱\n")
	const jobRows = 3000
	for i := 0; i < jobRows; i++ {
		body := fmt.Sprintf("91330300MA%07d", i)
		fmt.Fprintf(&csv, "集群测试%05d有限公司,单位,%s%c,m%05d@example.com\n", i, body, chamber.CreditCodeCheckChar(body), i)
	}
	sys := chamber.WithActor(context.Background(), chamber.SystemActor)
	jobID, err := db.HoldImport(sys, "cluster.csv", []byte(csv.String()), jobRows, true)
	if err != nil {
		t.Fatal(err)
	}
	start = time.Now()
	var job *chamber.Job
	for deadline := time.Now().Add(60 * time.Second); ; time.Sleep(200 * time.Millisecond) {
		if job, err = db.Job(sys, jobID); err != nil {
			t.Fatal(err)
		}
		if job.Finished() || time.Now().After(deadline) {
			break
		}
	}
	if job.Status != chamber.JobDone || job.Result == nil || job.Result.Created != jobRows {
		t.Fatalf("import job: %+v %+v", job, job.Result)
	}
	t.Logf("import job of %d rows done by the cluster in %v", jobRows, time.Since(start).Round(time.Millisecond))
	var members, dones int
	if err := db.Reader().QueryRow(`SELECT (SELECT COUNT(*) FROM members), (SELECT COUNT(*) FROM audit_log WHERE action = 'member.import_done')`).
		Scan(&members, &dones); err != nil {
		t.Fatal(err)
	}
	if members != jobRows+sittingMembers || dones != 1 {
		t.Fatalf("after the job: %d members, %d import_done records", members, dones)
	}

	// An announcement to every member, mailed once each by the cluster.
	cl.announce(db, jobRows+sittingMembers)

	// A member import while the instance running it is killed and
	// restarted, and member records written through nginx meanwhile.
	cl.importUnderKill(db, jobRows+sittingMembers)

	// Every singleton is held by exactly one live instance; draining it
	// (SIGTERM) hands it to another one at once.
	holder := func(name string) int {
		h, err := db.LeaseHolder(sys, name)
		if err != nil {
			t.Fatal(err)
		}
		for i, in := range inst {
			if in.cmd.ProcessState == nil && strings.Contains(h, "-"+strconv.Itoa(in.cmd.Process.Pid)+"-") {
				return i
			}
		}
		return -1
	}
	waitHolder := func(name string, not int) int {
		for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
			if h := holder(name); h >= 0 && h != not {
				return h
			}
		}
		t.Fatalf("no live instance holds the %s lease", name)
		return -1
	}
	// Every singleton loop of serve runs, each under its own lease.
	singletons := []string{"mail", "publish", "escalate", "remind_agreements", "remind", "remind_documents", "remind_events"}
	for _, name := range singletons {
		waitHolder(name, -1)
	}
	var n int
	if err := db.Reader().QueryRow(`SELECT COUNT(*) FROM leases`).Scan(&n); err != nil || n != len(singletons) {
		t.Fatalf("leases: %d %v, want %d", n, err, len(singletons))
	}
	h := holder("mail")
	start = time.Now()
	inst[h].cmd.Process.Signal(syscall.SIGTERM)
	if err := inst[h].cmd.Wait(); err != nil {
		t.Fatalf("instance %d did not drain cleanly: %v\n%s", h, err, inst[h].log)
	}
	if !strings.Contains(inst[h].log.String(), "draining") {
		t.Fatalf("instance %d did not log its drain:\n%s", h, inst[h].log)
	}
	next := waitHolder("mail", h)
	t.Logf("mail lease moved from instance %d to %d in %v after SIGTERM", h, next, time.Since(start).Round(time.Millisecond))
	for i := 0; i < 30; i++ {
		if code := home(front); code != 200 {
			t.Fatalf("request %d through nginx after the drain: %d", i, code)
		}
	}
	if v, err := db.VerifyAudit(sys); err != nil || !v.OK {
		t.Fatalf("verify: %v %+v", err, v)
	}
}

func freeAddr(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

func waitHealthy(t *testing.T, base string) {
	t.Helper()
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		resp, err := http.Get(base + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return
			}
		}
	}
	t.Fatalf("%s never became healthy", base)
}
