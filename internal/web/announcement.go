package web

// announcementRoutes lists the announcement domain's pages and API endpoints.
func (s *Server) announcementRoutes() []*route {
	return nil
}

// announcementSchemas are the OpenAPI schemas of the announcement domain's request bodies.
func announcementSchemas() obj {
	return obj{}
}
