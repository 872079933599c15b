package web

// meetingRoutes lists the meeting domain's pages and API endpoints.
func (s *Server) meetingRoutes() []*route {
	return nil
}

// meetingSchemas are the OpenAPI schemas of the meeting domain's request bodies.
func meetingSchemas() obj {
	return obj{}
}
