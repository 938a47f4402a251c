using System.Security.Claims;
using Bunit;
using Bunit.TestDoubles;
using Builder.Data;
using Builder.Domain;
using Builder.Domain.Access;
using Builder.Domain.Common;
using Builder.Domain.Users;
using Builder.Web.Authentication;
using Builder.Web.Components;
using Microsoft.AspNetCore.Components;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace Builder.Web.Tests.Components;

/// <summary>
/// A bUnit context over the real domain services and a fresh SQLite database (migrated, with the development seed),
/// set up the way MudBlazor tests itself: loose JS interop, MudBlazor services, providers rendered first.
/// </summary>
public abstract class ConsoleTestContext : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "builder-bunit-" + Guid.NewGuid().ToString("N"));
    private readonly BunitAuthorizationContext _authorization;

    protected BunitContext Context { get; } = new();

    protected ConsoleTestContext()
    {
        Directory.CreateDirectory(_directory);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Builder"] = $"Data Source={Path.Combine(_directory, "builder.db")}",
        }).Build();

        Context.JSInterop.Mode = JSRuntimeMode.Loose;
        var services = Context.Services;
        services.AddLogging();
        services.AddBuilderDomain();
        services.AddBuilderData(configuration, _directory);
        services.AddMudServices(options =>
        {
            // As MudBlazor's own tests: no transitions, and no JS-side provider count (JS interop is loose here).
            options.SnackbarConfiguration.ShowTransitionDuration = 0;
            options.SnackbarConfiguration.HideTransitionDuration = 0;
            options.PopoverOptions.CheckForPopoverProvider = false;
        });
        services.AddBuilderConsole();
        // The real gateway (pages that run prompts need one); a test class replaces it with a scripted one in ConfigureServices.
        Builder.Domain.Models.ModelGatewayRegistration.AddModelGateway(
            Builder.Domain.Outbound.OutboundHttp.AddOutboundHttp(services, configuration, isDevelopment: true));
        services.AddScoped<ActorResolver>();
        services.AddScoped<CurrentActor>();
        ConfigureServices(services);
        _authorization = Context.AddAuthorization();
        Context.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    /// <summary>Extra or replacement services of one test class (a fake gateway, say), added before any is resolved.</summary>
    protected virtual void ConfigureServices(IServiceCollection services) { }

    public Task InitializeAsync() => Context.Services.InitializeDatabaseAsync(seed: true);

    public async Task DisposeAsync()
    {
        await Context.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { /* a temp folder; best effort */ }
    }

    protected T Service<T>() where T : notnull => Context.Services.GetRequiredService<T>();

    /// <summary>
    /// Completes when the navigation manager arrives at a location <paramref name="arrived"/> accepts. Start it before the
    /// action that navigates: a finished navigation need not render the component under test, so a WaitForAssertion on
    /// the address may never be checked again.
    /// </summary>
    protected Task ArrivalAsync(Func<string, bool> arrived)
    {
        var navigation = Service<NavigationManager>();
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnChanged(object? sender, Microsoft.AspNetCore.Components.Routing.LocationChangedEventArgs e)
        {
            if (!arrived(e.Location)) return;
            navigation.LocationChanged -= OnChanged;
            done.TrySetResult();
        }
        navigation.LocationChanged += OnChanged;
        if (arrived(navigation.Uri)) done.TrySetResult();
        return done.Task.WaitAsync(BunitContext.DefaultWaitTimeout);
    }

    /// <summary>
    /// Waits for an input and types into it without a render in between: found and changed on the renderer's dispatcher,
    /// so a re-render between finding it and changing it (common on a loaded machine) cannot leave a stale handler.
    /// </summary>
    protected static void ChangeWhenShown(IRenderedComponent<Bunit.Rendering.ContainerFragment> page, string selector, string value)
    {
        page.WaitForElement(selector);
        page.InvokeAsync(() => page.Find(selector).Change(value)).GetAwaiter().GetResult();
    }

    /// <summary>
    /// In the request dialog a delete button opened: waits for what would go, types the reason (as typing does) and presses
    /// Send to a reviewer, each on the renderer's dispatcher.
    /// </summary>
    protected static void SendDeletionRequest(IRenderedComponent<Bunit.Rendering.ContainerFragment> page, string reason = "No longer needed")
    {
        page.WaitForElement(".request-justification input");
        page.InvokeAsync(() => page.Find(".request-justification input").Input(reason)).GetAwaiter().GetResult();
        page.InvokeAsync(() => page.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Send to a reviewer").Click())
            .GetAwaiter().GetResult();
    }

    /// <summary>The pending deletion request for a resource, approved by <paramref name="reviewer"/> (Acme's reviewer by default).</summary>
    protected async Task<Builder.Domain.Approvals.ApprovalRequestView> ApproveDeletionAsync(Guid resourceId, string reviewer = "reviewer@acme.test")
    {
        Guid id;
        await using (var db = Service<IBuilderDbContextFactory>().Create())
            id = await db.ApprovalRequests.Where(r => r.ResourceId == resourceId && r.Status == Builder.Domain.Approvals.ApprovalStatus.Pending)
                .Select(r => r.Id).SingleAsync();
        return await Service<Builder.Domain.Approvals.ApprovalService>().ApproveAsync(await ActorAsync(reviewer), id, null);
    }

    /// <summary>The actor a seeded user acts as (without signing them in).</summary>
    protected async Task<Actor> ActorAsync(string email)
    {
        var accounts = Service<UserAccountService>();
        var user = await accounts.FindByEmailAsync(email) ?? throw new InvalidOperationException($"No seeded user {email}");
        return (await accounts.BuildActorAsync(user.Id))!;
    }

    /// <summary>Whether a deletion of the resource waits for a reviewer.</summary>
    protected async Task<bool> DeletionPendingAsync(Guid resourceId)
    {
        await using var db = Service<IBuilderDbContextFactory>().Create();
        return await db.ApprovalRequests.AnyAsync(r => r.ResourceId == resourceId && r.Status == Builder.Domain.Approvals.ApprovalStatus.Pending);
    }

    /// <summary>Signs a seeded user in (as the cookie would) and returns their actor.</summary>
    protected async Task<Actor> SignInAsync(string email)
    {
        var accounts = Service<UserAccountService>();
        var user = await accounts.FindByEmailAsync(email) ?? throw new InvalidOperationException($"No seeded user {email}");
        _authorization.SetAuthorized(user.Name);
        _authorization.SetClaims(new Claim(BuilderClaims.UserId, user.Id.ToString()), new Claim(BuilderClaims.Email, user.Email));
        return (await accounts.BuildActorAsync(user.Id))!;
    }

    protected async Task<Guid> OrganizationIdAsync(string name)
    {
        await using var db = Service<IBuilderDbContextFactory>().Create();
        return await db.Organizations.Where(o => o.Name == name).Select(o => o.Id).SingleAsync();
    }

    protected async Task<Guid> EnvironmentIdAsync(Guid organizationId, string name)
    {
        await using var db = Service<IBuilderDbContextFactory>().Create();
        return await db.Environments.Where(e => e.OrganizationId == organizationId && e.Name == name).Select(e => e.Id).SingleAsync();
    }

    /// <summary>Renders content after the popover, dialog and snackbar providers, as the layout does.</summary>
    protected IRenderedComponent<Bunit.Rendering.ContainerFragment> RenderWithProviders<TComponent>(Dictionary<string, object?> parameters)
        where TComponent : IComponent => Context.Render(builder =>
    {
        builder.OpenComponent<MudPopoverProvider>(0);
        builder.CloseComponent();
        builder.OpenComponent<MudDialogProvider>(1);
        builder.CloseComponent();
        builder.OpenComponent<MudSnackbarProvider>(2);
        builder.CloseComponent();
        builder.OpenComponent<TComponent>(3);
        foreach (var (name, value) in parameters) builder.AddAttribute(4, name, value);
        builder.CloseComponent();
    });
}
