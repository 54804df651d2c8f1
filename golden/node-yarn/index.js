require('fastify')().listen({port: 8080, host: '0.0.0.0'})
