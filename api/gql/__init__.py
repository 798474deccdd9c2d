"""The GraphQL API (strawberry): typed context, DataLoaders, thin resolvers."""
