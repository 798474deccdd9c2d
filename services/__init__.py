"""Application services: permission checks + repositories + audit, shared by API and CLI.

Routes and resolvers stay thin: they parse, call a service, map the result.
"""
