package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/mail/mailtest"
	"github.com/chamber-org/chamber/internal/sqlstore"
)

// cluster is TestCluster's three `chamber serve` processes and the nginx
// in front of them, with the administrator's session.
type cluster struct {
	t                 *testing.T
	bin, dsn, keyFile string
	inst              []*clusterInstance
	front             string // nginx
	cookies           []*http.Cookie
	client            *http.Client
	clientOnce        sync.Once
}

type clusterInstance struct {
	addr string
	cmd  *exec.Cmd
	log  *bytes.Buffer
}

// start (re)starts instance i on its address. Import jobs' leases are
// short (3 s) so a killed instance's job is taken over within seconds.
func (cl *cluster) start(i int) {
	in := cl.inst[i]
	if in.log == nil {
		in.log = &bytes.Buffer{}
	}
	in.cmd = exec.Command(cl.bin, "serve", "--addr", in.addr, "--db", cl.dsn, "--key-file", cl.keyFile,
		"--trusted-proxies", "127.0.0.1/32", "--job-lease", "3s")
	in.cmd.Stdout, in.cmd.Stderr = in.log, in.log
	if err := in.cmd.Start(); err != nil {
		cl.t.Fatal(err)
	}
}

// kill ends instance i with SIGKILL: no drain, no lease released, its
// database connections cut mid-transaction.
func (cl *cluster) kill(i int) {
	cl.inst[i].cmd.Process.Signal(syscall.SIGKILL)
	cl.inst[i].cmd.Wait()
}

// holding is the instance whose process id is in a lease owner, or -1.
func (cl *cluster) holding(owner string) int {
	for i, in := range cl.inst {
		if in.cmd.ProcessState == nil && strings.Contains(owner, "-"+strconv.Itoa(in.cmd.Process.Pid)+"-") {
			return i
		}
	}
	return -1
}

// do sends a JSON request with the administrator's session to base and
// decodes a JSON answer into out; a transport error is returned as such.
func (cl *cluster) do(base, method, path string, body, out any) (int, error) {
	cl.clientOnce.Do(func() {
		cl.client = &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	})
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return 0, err
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, base+path, rd)
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	for _, ck := range cl.cookies {
		req.AddCookie(ck)
	}
	resp, err := cl.client.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return resp.StatusCode, err
	}
	if out != nil && resp.StatusCode < 300 {
		if err := json.Unmarshal(b, out); err != nil {
			return resp.StatusCode, fmt.Errorf("%s %s: %v: %s", method, path, err, b)
		}
	}
	return resp.StatusCode, nil
}

// must is do that marks the test failed unless the answer is want; it
// may run on any goroutine.
func (cl *cluster) must(base, method, path string, body, out any, want int) bool {
	cl.t.Helper()
	if code, err := cl.do(base, method, path, body, out); err != nil || code != want {
		cl.t.Errorf("%s %s via %s: %d %v, want %d", method, path, base, code, err, want)
		return false
	}
	return true
}

// need is must on the test's goroutine: it stops the test.
func (cl *cluster) need(base, method, path string, body, out any, want int) {
	cl.t.Helper()
	if !cl.must(base, method, path, body, out, want) {
		cl.t.FailNow()
	}
}

// parallel runs fn(0…n-1) on workers goroutines and stops the test if
// any of them failed it.
func (cl *cluster) parallel(n, workers int, fn func(i int)) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := int(next.Add(1) - 1); i < n; i = int(next.Add(1) - 1) {
				fn(i)
			}
		}()
	}
	wg.Wait()
	if cl.t.Failed() {
		cl.t.FailNow()
	}
}

const sittingMembers = 300

type idOut struct {
	ID chamber.ID `json:"id"`
}

// sitting runs a general assembly through the cluster: members created
// through nginx, check-ins on all three instances in turn (a check-in on
// one shows at once in the quorum another one answers), an open and a
// secret motion with every voter's ballot through nginx while one
// instance is killed and restarted; each ballot is retried on a lost
// answer until it is taken (201) or known to be (409). The tallies are exact.
func (cl *cluster) sitting(db *sqlstore.DB) {
	t := cl.t
	members := make([]chamber.ID, sittingMembers)
	cl.parallel(sittingMembers, 8, func(i int) {
		var m idOut
		cl.must(cl.front, "POST", "/api/v1/members", map[string]any{"kind": "individual", "name": fmt.Sprintf("集群代表%03d", i),
			"email": fmt.Sprintf("r%03d@example.com", i)}, &m, 201)
		members[i] = m.ID
	})
	var mt idOut
	cl.need(cl.front, "POST", "/api/v1/meetings", map[string]any{"body": "general_assembly", "title": "会员大会（集群）",
		"starts_at": time.Now().AddDate(0, 0, 25).Format(time.RFC3339)}, &mt, 201)
	cl.need(cl.front, "POST", fmt.Sprintf("/api/v1/meetings/%d/open", mt.ID), nil, nil, 200)
	quorum := func(i int) chamber.Quorum {
		var q chamber.Quorum
		cl.need("http://"+cl.inst[i].addr, "GET", fmt.Sprintf("/api/v1/meetings/%d/quorum", mt.ID), nil, &q, 200)
		return q
	}
	creds := make([]string, sittingMembers)
	checkIn := func(i int) {
		var c chamber.CheckIn
		cl.must("http://"+cl.inst[i%3].addr, "POST", fmt.Sprintf("/api/v1/meetings/%d/check-ins", mt.ID), map[string]any{"member_id": members[i]}, &c, 201)
		creds[i] = c.Credential
	}
	checkIn(1) // on instance 1 …
	if q := quorum(0); q.Present != 1 {
		t.Fatalf("instance 0 answers present %d right after a check-in on instance 1", q.Present)
	}
	cl.parallel(sittingMembers, 8, func(i int) {
		if i != 1 {
			checkIn(i)
		}
	})
	for i := range cl.inst {
		if q := quorum(i); q.Present != sittingMembers || !q.Quorate {
			t.Fatalf("instance %d: quorum %+v", i, q)
		}
	}

	choices := []string{"yes", "no", "abstain"}
	start := time.Now()
	var lost atomic.Int64
	for k, kind := range []string{chamber.KindWorkReport, chamber.KindDues} {
		var mo struct {
			ID     chamber.ID `json:"id"`
			Secret bool       `json:"secret"`
		}
		cl.need(cl.front, "POST", fmt.Sprintf("/api/v1/meetings/%d/motions", mt.ID), map[string]any{"title": "集群议案" + kind, "kind": kind}, &mo, 201)
		if mo.Secret != (k == 1) {
			t.Fatalf("motion %s secret = %v", kind, mo.Secret)
		}
		cl.need(cl.front, "POST", fmt.Sprintf("/api/v1/motions/%d/open", mo.ID), nil, nil, 200)
		var cast atomic.Int64
		killed := make(chan struct{})
		go func() { // instance 2 dies a third of the way through the first motion
			defer close(killed)
			if k != 0 {
				return
			}
			for cast.Load() < sittingMembers/3 {
				time.Sleep(time.Millisecond)
			}
			cl.kill(2)
			time.Sleep(300 * time.Millisecond)
			cl.start(2)
		}()
		cl.parallel(sittingMembers, 16, func(i int) {
			path := fmt.Sprintf("/api/v1/motions/%d/ballots", mo.ID)
			for attempt := 0; ; attempt++ {
				code, err := cl.do(cl.front, "POST", path, map[string]string{"credential": creds[i], "choice": choices[i%3]}, nil)
				switch {
				case err == nil && code == 201:
					cast.Add(1)
					return
				case err == nil && code == 409 && attempt > 0: // an earlier attempt was taken, its answer lost
					cast.Add(1)
					return
				case err == nil && code < 500 && code != 409:
					t.Errorf("ballot %d: %d", i, code)
					return
				case attempt > 50:
					t.Errorf("ballot %d: no answer after %d attempts (%d %v)", i, attempt, code, err)
					return
				}
				lost.Add(1)
				time.Sleep(50 * time.Millisecond)
			}
		})
		<-killed
		waitHealthy(t, "http://"+cl.inst[2].addr) // restarted: every instance answers the result
		cl.need(cl.front, "POST", fmt.Sprintf("/api/v1/motions/%d/close", mo.ID), nil, nil, 200)
		for i := range cl.inst { // every instance answers the same result
			var got struct {
				Result *chamber.Result `json:"result"`
			}
			cl.need("http://"+cl.inst[i].addr, "GET", fmt.Sprintf("/api/v1/motions/%d", mo.ID), nil, &got, 200)
			r := got.Result
			if r == nil || r.Yes == nil || *r.Yes != 100 || *r.No != 100 || *r.Abstain != 100 || r.Cast != sittingMembers {
				t.Fatalf("%s motion's tally on instance %d: %+v", kind, i, r)
			}
		}
	}
	took := time.Since(start)
	t.Logf("sitting: %d check-ins on three instances; 2 × %d ballots (open, secret) through nginx in %v (%.0f ballots/s, instance 2 killed and restarted, %d answers lost and retried); tallies exact",
		sittingMembers, sittingMembers, took.Round(time.Millisecond), 2*sittingMembers/took.Seconds(), lost.Load())
}

// announce publishes one announcement to every member and waits for the
// cluster's mail singleton to deliver it: one message per member, none twice.
func (cl *cluster) announce(db *sqlstore.DB, members int) {
	t := cl.t
	sink := mailtest.Start(t)
	sys := chamber.WithActor(t.Context(), chamber.SystemActor)
	host, port, _ := net.SplitHostPort(sink.Addr)
	p, _ := strconv.Atoi(port)
	if err := db.UpdateMailSettings(sys, chamber.MailSettings{Host: host, Port: p, From: "secretariat@chamber.test", TLS: "none", Rate: 10000}); err != nil {
		t.Fatal(err)
	}
	a, err := db.CreateAnnouncement(sys, chamber.AnnouncementInput{Kind: "notice", Title: "集群通知", Body: "各会员：\n\n集群测试。"})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if a, err = db.PublishAnnouncement(sys, a.ID); err != nil {
		t.Fatal(err)
	}
	if a.Recipients != int64(members) {
		t.Fatalf("announcement to %d recipients, want %d", a.Recipients, members)
	}
	for deadline := time.Now().Add(120 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		if _, unique := sink.Counts(); unique >= members || time.Now().After(deadline) {
			break
		}
	}
	took := time.Since(start)
	time.Sleep(500 * time.Millisecond) // nothing more may come
	raw, unique := sink.Counts()
	if unique != members || raw != members || len(sink.Recipients()) != members {
		t.Fatalf("mail: %d on the wire, %d distinct, %d recipients; want %d each", raw, unique, len(sink.Recipients()), members)
	}
	t.Logf("announcement: %d messages delivered once each by the cluster in %v (%.0f messages/s)", members, took.Round(time.Millisecond), float64(members)/took.Seconds())
}

// importUnderKill queues an import, kills the instance that claimed it
// (SIGKILL, mid-import) and restarts it, while member records are written
// through nginx. The import is done once, by another instance after the
// lease lapses; every acknowledged write is there.
func (cl *cluster) importUnderKill(db *sqlstore.DB, before int) {
	t := cl.t
	const rows = 20000
	var csv strings.Builder
	csv.WriteString("名称,类型,统一社会信用代码\n")
	for i := 0; i < rows; i++ {
		body := fmt.Sprintf("91330300MB%07d", i)
		fmt.Fprintf(&csv, "集群导入%05d有限公司,单位,%s%c\n", i, body, chamber.CreditCodeCheckChar(body))
	}
	sys := chamber.WithActor(t.Context(), chamber.SystemActor)
	// Writes through nginx all along.
	stop := make(chan struct{})
	var acked []chamber.ID
	var failed int
	writer := make(chan struct{})
	go func() {
		defer close(writer)
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			var m idOut
			code, err := cl.do(cl.front, "POST", "/api/v1/members", map[string]any{"kind": "individual", "name": fmt.Sprintf("写入%05d", i)}, &m)
			if err == nil && code == 201 {
				acked = append(acked, m.ID)
			} else {
				failed++
				time.Sleep(20 * time.Millisecond)
			}
		}
	}()
	start := time.Now()
	jobID, err := db.HoldImport(sys, "kill.csv", []byte(csv.String()), rows, true)
	if err != nil {
		t.Fatal(err)
	}
	var victim int
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		var status, owner string
		if err := db.Reader().QueryRow(`SELECT status, lease_owner FROM jobs WHERE id = $1`, jobID).Scan(&status, &owner); err != nil {
			t.Fatal(err)
		}
		if status == "running" {
			if victim = cl.holding(owner); victim >= 0 {
				break
			}
		}
		if status != "queued" || time.Now().After(deadline) {
			t.Fatalf("the import job was never seen running on an instance: %s %q", status, owner)
		}
	}
	time.Sleep(500 * time.Millisecond) // well into the import
	cl.kill(victim)
	killedAt := time.Since(start)
	cl.start(victim)
	waitHealthy(t, "http://"+cl.inst[victim].addr)
	var job *chamber.Job
	for deadline := time.Now().Add(120 * time.Second); ; time.Sleep(200 * time.Millisecond) {
		if job, err = db.Job(sys, jobID); err != nil {
			t.Fatal(err)
		}
		if job.Finished() || time.Now().After(deadline) {
			break
		}
	}
	took := time.Since(start)
	close(stop)
	<-writer
	if job.Status != chamber.JobDone || job.Result == nil || job.Result.Created != rows {
		t.Fatalf("import job after the kill: %+v %+v", job, job.Result)
	}
	var attempts, members, dones int
	if err := db.Reader().QueryRow(`SELECT attempts FROM jobs WHERE id = $1`, jobID).Scan(&attempts); err != nil {
		t.Fatal(err)
	}
	if attempts < 2 {
		t.Fatalf("the import finished before the kill (attempts %d): make it longer", attempts)
	}
	if err := db.Reader().QueryRow(`SELECT (SELECT COUNT(*) FROM members), (SELECT COUNT(*) FROM audit_log WHERE action = 'member.import_done')`).
		Scan(&members, &dones); err != nil {
		t.Fatal(err)
	}
	// Every acknowledged write is there; an unacknowledged one may be too.
	if members < before+rows+len(acked) || members > before+rows+len(acked)+failed || dones != 2 {
		t.Fatalf("after the kill: %d members (want %d + %d + %d acknowledged, ≤ %d unacknowledged), %d import_done records",
			members, before, rows, len(acked), failed, dones)
	}
	for _, id := range acked {
		var n int
		if err := db.Reader().QueryRow(`SELECT COUNT(*) FROM members WHERE id = $1`, id).Scan(&n); err != nil || n != 1 {
			t.Fatalf("acknowledged member %d missing: %d %v", id, n, err)
		}
	}
	t.Logf("import of %d rows with instance %d killed after %v: done by the cluster in %v (attempt %d); %d members written through nginx meanwhile, all there (%d answers lost)",
		rows, victim, killedAt.Round(time.Millisecond), took.Round(time.Millisecond), attempts, len(acked), failed)
}
