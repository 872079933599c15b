package web

// orgRoutes lists the org domain's pages and API endpoints.
func (s *Server) orgRoutes() []*route {
	return nil
}

// orgSchemas are the OpenAPI schemas of the org domain's request bodies.
func orgSchemas() obj {
	return obj{}
}
