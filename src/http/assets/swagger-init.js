// Starts Swagger UI on /api/docs; a file of its own because the page's CSP allows no inline script.
// BaseLayout: the standalone top bar (a URL box and the Swagger logo, an SVG with inline style)
// serves nothing here.
window.ui = SwaggerUIBundle({
  url: '/api/openapi.json',
  dom_id: '#swagger-ui',
  presets: [SwaggerUIBundle.presets.apis],
  layout: 'BaseLayout',
  persistAuthorization: true,
  // The online validator badge would call validator.swagger.io: the docs stay offline.
  validatorUrl: null,
});
