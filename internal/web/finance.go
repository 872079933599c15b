package web

import "github.com/chamber-org/chamber"

// financeRoutes lists the finance domain's pages and API endpoints.
func (s *Server) financeRoutes() []*route {
	const read, post = chamber.PermFinanceRead, chamber.PermFinancePost
	return []*route{
		// API.
		api(perm("GET", "/api/v1/finance/accounts", read, s.apiAccountList), "The chart of accounts (民间非营利组织会计制度) with sub-accounts", ""),
		api(perm("POST", "/api/v1/finance/accounts", post, s.apiAccountCreate), "Add a sub-account", "NewAccount"),
		api(perm("GET", "/api/v1/finance/vouchers", read, s.apiVoucherList), "List vouchers, newest first (?period=YYYY-MM, ?account=)", ""),
		api(perm("POST", "/api/v1/finance/vouchers", post, s.apiVoucherCreate), "Post a voucher; unbalanced, empty, negative or unknown-account lines answer 422", "NewVoucher"),
		api(perm("GET", "/api/v1/finance/vouchers/{id}", read, s.apiVoucherGet), "One voucher with its lines", ""),
		api(perm("PATCH", "/api/v1/finance/vouchers/{id}", post, s.apiVoucherImmutable), "Always 405: posted vouchers never change", ""),
		api(perm("DELETE", "/api/v1/finance/vouchers/{id}", post, s.apiVoucherImmutable), "Always 405: posted vouchers never change", ""),
		api(perm("POST", "/api/v1/finance/vouchers/{id}/reverse", post, s.apiVoucherReverse), "Post the reversing voucher, dated today", ""),
		api(perm("GET", "/api/v1/finance/periods", read, s.apiPeriodList), "Accounting periods (months) and whether they are closed", ""),
		api(perm("POST", "/api/v1/finance/periods/close", post, s.apiPeriodClose), "Close a month for good", "PeriodClose"),
		api(perm("GET", "/api/v1/finance/verify", read, s.apiLedgerVerify), "Check every voucher balances and the ledger's hash chain is intact", ""),
		api(perm("GET", "/api/v1/finance/reports/balance-sheet", read, s.apiBalanceSheet), "资产负债表 at ?date=", ""),
		api(perm("GET", "/api/v1/finance/reports/activities", read, s.apiActivities), "业务活动表 for ?from=&to=", ""),
		api(perm("GET", "/api/v1/finance/reports/cash-flow", read, s.apiCashFlow), "现金流量表 for ?from=&to=", ""),
		api(perm("GET", "/api/v1/finance/reports/trial-balance", read, s.apiTrialBalance), "科目余额表 for ?from=&to=", ""),
		api(perm("GET", "/api/v1/finance/reports/ledger", read, s.apiAccountLedger), "明细账 of ?account= for ?from=&to=", ""),
	}
}

// financeSchemas are the OpenAPI schemas of the finance domain's request bodies.
func financeSchemas() obj {
	fen := obj{"type": "integer", "format": "int64", "minimum": 0, "description": "fen (分)"}
	return obj{
		"NewAccount": oaObject([]string{"parent", "code", "name"}, obj{
			"parent": oaString, "code": oaString, "name": oaString, "name_en": oaString,
			"restriction": oaEnum("unrestricted", "restricted"),
		}),
		"NewVoucher": oaObject([]string{"date", "lines"}, obj{
			"date": oaDate, "summary": oaString,
			"lines": oaArray(oaObject([]string{"account", "debit_fen", "credit_fen"}, obj{
				"account": obj{"type": "string", "example": "1002"}, "debit_fen": fen, "credit_fen": fen, "memo": oaString,
				"department_id": oaInteger, "project": oaString, "member_id": oaInteger,
			})),
		}),
		"PeriodClose": oaObject([]string{"period"}, obj{"period": obj{"type": "string", "example": "2026-03"}}),
	}
}
