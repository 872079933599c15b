package web

// memberRoutes lists the member domain's pages and API endpoints.
func (s *Server) memberRoutes() []*route {
	return nil
}

// memberSchemas are the OpenAPI schemas of the member domain's request bodies.
func memberSchemas() obj {
	return obj{}
}
