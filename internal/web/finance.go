package web

// financeRoutes lists the finance domain's pages and API endpoints.
func (s *Server) financeRoutes() []*route {
	return nil
}

// financeSchemas are the OpenAPI schemas of the finance domain's request bodies.
func financeSchemas() obj {
	return obj{}
}
