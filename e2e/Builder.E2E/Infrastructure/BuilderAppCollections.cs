namespace Builder.E2E.Infrastructure;

/// <summary>
/// For flow tests that can share one running app across several classes: mark each class
/// [Collection(BuilderAppCollection.Name)] and take <see cref="BuilderAppFixture"/> in its constructor.
/// (Per-class isolation instead: IClassFixture&lt;BuilderAppFixture&gt;, as the sign-in tests do.)
/// </summary>
[CollectionDefinition(Name)]
public sealed class BuilderAppCollection : ICollectionFixture<BuilderAppFixture>
{
    public const string Name = "Builder app (development sign-in)";
}

/// <summary>One app signed in through <see cref="Oidc.LocalOidcProvider"/>, shared by every class in the collection.</summary>
[CollectionDefinition(Name)]
public sealed class OidcBuilderAppCollection : ICollectionFixture<OidcBuilderAppFixture>
{
    public const string Name = "Builder app (Auth0 via local provider)";
}
