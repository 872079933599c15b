package web

import (
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"time"

	"github.com/chamber-org/chamber"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// metrics are this server's Prometheus series, in a registry of its own so
// that two servers can run in one process.
type metrics struct {
	reg      *prometheus.Registry
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
}

func newMetrics() *metrics {
	m := &metrics{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "chamber_http_requests_total", Help: "HTTP requests by route and status code.",
		}, []string{"route", "code"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "chamber_http_request_duration_seconds", Help: "HTTP request latency by route.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}, []string{"route"}),
	}
	m.reg.MustRegister(m.requests, m.duration,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

func (m *metrics) observe(route string, status int, d time.Duration) {
	m.requests.WithLabelValues(route, strconv.Itoa(status)).Inc()
	m.duration.WithLabelValues(route).Observe(d.Seconds())
}

func (m *metrics) handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
}

// serveMetrics answers only an administrator (session, or a bearer token
// as Prometheus sends it) or an address in --metrics-allow.
func (s *Server) serveMetrics(w http.ResponseWriter, r *http.Request) error {
	a := info(r).Actor
	if a == nil {
		if secret, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer "); ok {
			ta, _, err := s.store.TokenActor(r.Context(), strings.TrimSpace(secret))
			if err != nil {
				return err
			}
			a = ta
		}
	}
	ip, _ := netip.ParseAddr(clientAddr(r))
	if !(a != nil && a.Admin) && !inPrefixes(ip, s.cfg.MetricsAllow) {
		return &chamber.Error{Code: chamber.EFORBIDDEN, Key: "err.forbidden", Args: []any{"admin"}}
	}
	s.metrics.handler().ServeHTTP(w, r)
	return nil
}
