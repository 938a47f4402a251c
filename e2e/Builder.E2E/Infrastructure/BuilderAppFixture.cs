using System.Runtime.CompilerServices;
using Builder.E2E.Oidc;
using Microsoft.Playwright;

namespace Builder.E2E.Infrastructure;

/// <summary>
/// One running Builder per test class (IClassFixture) or collection: the real app on a free 127.0.0.1 port,
/// a fresh SQLite database in a temp directory, environment Development, and one headless Chromium.
/// Each test opens its own browser context (<see cref="NewPageAsync"/>), so cookies never leak between tests.
/// Derive and override <see cref="UseLocalOidc"/> or <see cref="ExtraSettings"/> for other set-ups.
/// Set E2E_TRACE=1 to record a Playwright trace per test under bin/…/TestResults/playwright-traces/
/// (open with `pwsh bin/Debug/net10.0/playwright.ps1 show-trace …` or https://trace.playwright.dev).
/// </summary>
public class BuilderAppFixture : IAsyncLifetime
{
    BuilderAppFactory? _factory;
    IPlaywright? _playwright;
    readonly List<(IBrowserContext Context, string? TracePath)> _contexts = [];
    static readonly bool Trace = Environment.GetEnvironmentVariable("E2E_TRACE") is "1" or "true";

    /// <summary>Start <see cref="LocalOidcProvider"/> and pass it to the app as its Auth0 tenant.</summary>
    protected virtual bool UseLocalOidc => false;

    /// <summary>More configuration for the app (keys like "Section:Key").</summary>
    protected virtual IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>();

    /// <summary>http://127.0.0.1:{port}, no trailing slash.</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>Temp directory holding builder.db; deleted on dispose.</summary>
    public string DataDirectory { get; private set; } = "";

    /// <summary>The app's services, for arranging data directly when a test needs to.</summary>
    public IServiceProvider Services => _factory?.Services ?? throw new InvalidOperationException("The app is not started.");

    public LocalOidcProvider? Oidc { get; private set; }

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        DataDirectory = Directory.CreateTempSubdirectory("builder-e2e-").FullName;
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Builder"] = $"Data Source={Path.Combine(DataDirectory, "builder.db")}",
            ["Database:Provider"] = "Sqlite",
            ["Database:Seed"] = "true",
            // Keep test output readable: the app's warnings and errors still show.
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.AspNetCore.DataProtection"] = "Error",
        };
        if (UseLocalOidc)
        {
            // The app needs the authority before it starts; the provider learns the redirect URI afterwards.
            Oidc = await LocalOidcProvider.StartAsync();
            settings["Auth0:Domain"] = Oidc.Authority;
            settings["Auth0:ClientId"] = LocalOidcProvider.ClientId;
            settings["Auth0:ClientSecret"] = LocalOidcProvider.ClientSecret;
        }
        foreach (var (key, value) in ExtraSettings)
            settings[key] = value;

        _factory = new BuilderAppFactory(settings);
        _factory.StartServer();
        BaseUrl = _factory.BaseUrl;
        if (Oidc is not null)
            await Oidc.RegisterClientAsync(BaseUrl);

        (_playwright, Browser) = await Chromium.LaunchAsync();
    }

    /// <summary>A page in a fresh browser context (own cookies) whose relative URLs resolve against the app.</summary>
    public async Task<IPage> NewPageAsync([CallerMemberName] string test = "")
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl,
            Locale = "en-US",
            ViewportSize = new ViewportSize { Width = 1400, Height = 900 },
        });
        context.SetDefaultTimeout(Chromium.ActionTimeoutMs);
        string? tracePath = null;
        if (Trace)
        {
            var directory = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "TestResults", "playwright-traces"));
            tracePath = Path.Combine(directory.FullName, $"{GetType().Name}-{test}-{_contexts.Count}.zip");
            await context.Tracing.StartAsync(new() { Screenshots = true, Snapshots = true, Sources = false });
        }
        _contexts.Add((context, tracePath));
        return await context.NewPageAsync();
    }

    /// <summary>A fresh context signed in through the development form as <paramref name="email"/>.</summary>
    public async Task<IPage> NewSignedInPageAsync(string email, [CallerMemberName] string test = "")
    {
        var page = await NewPageAsync(test);
        await page.SignInAsDevAsync(email);
        return page;
    }

    public async Task DisposeAsync()
    {
        foreach (var (context, tracePath) in _contexts)
        {
            if (tracePath is not null)
                await context.Tracing.StopAsync(new() { Path = tracePath });
            await context.CloseAsync();
        }
        if (Browser is not null)
            await Browser.CloseAsync();
        _playwright?.Dispose();
        if (_factory is not null)
            await _factory.DisposeAsync();
        if (Oidc is not null)
            await Oidc.DisposeAsync();
        try { Directory.Delete(DataDirectory, recursive: true); }
        catch (IOException) { /* a temp directory left behind is harmless */ }
    }
}

/// <summary>The Builder with Auth0 configured against <see cref="LocalOidcProvider"/> (no development sign-in).</summary>
public class OidcBuilderAppFixture : BuilderAppFixture
{
    protected override bool UseLocalOidc => true;
}
