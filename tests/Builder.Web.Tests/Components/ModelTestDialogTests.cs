using Bunit;
using Builder.Data.Seed;
using Builder.Domain.Models;
using Builder.Web.Features.Models;
using Microsoft.Extensions.DependencyInjection;

namespace Builder.Web.Tests.Components;

/// <summary>The Test connection button: it shows the latency and the reply, or the reason, and never a credential.</summary>
public sealed class ModelTestDialogTests : ConsoleTestContext
{
    private const string Token = "sk-proj-CANARY-TEST-DIALOG-1b2c";
    private readonly FakeGateway _gateway = new();

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<IModelGateway>(_gateway);

    private async Task<(Guid Org, ModelView Model)> SeedAsync()
    {
        var admin = await SignInAsync("admin@acme.test");
        var org = await OrganizationIdAsync(DevelopmentSeed.AcmeName);
        var model = await Service<ModelService>().CreateAsync(admin, org,
            new ModelInput("Local", "http://localhost:1234/v1/chat/completions", "llama3.1", Token: Token));
        return (org, model);
    }

    [Fact]
    public async Task A_successful_test_shows_the_latency_and_the_reply()
    {
        var (org, _) = await SeedAsync();
        _gateway.Next = ModelTestResult.Success(42, "Hello there");
        var page = RenderWithProviders<ModelsPage>(new() { ["OrgId"] = org });
        page.WaitForAssertion(() => Assert.Contains("Local", page.Find(".mud-table-body").TextContent));

        page.Find("button[aria-label='Test connection to Local']").Click();

        page.WaitForAssertion(() => Assert.Contains("Connected in 42 ms", page.Find("[data-testid='test-result']").TextContent));
        Assert.Contains("Hello there", page.Find("[data-testid='test-result']").TextContent);
        Assert.Equal(Token, _gateway.LastEndpoint!.Token);
        Assert.DoesNotContain(Token, page.Markup);
    }

    [Fact]
    public async Task A_failed_test_shows_the_reason_and_can_run_again()
    {
        var (org, _) = await SeedAsync();
        _gateway.Next = new ModelTestResult(false, 10, null, "the endpoint refused the token (401)", ModelFailure.Unauthorized);
        var page = RenderWithProviders<ModelsPage>(new() { ["OrgId"] = org });
        page.WaitForAssertion(() => Assert.Contains("Local", page.Find(".mud-table-body").TextContent));

        page.Find("button[aria-label='Test connection to Local']").Click();
        page.WaitForAssertion(() => Assert.Contains("Not connected: the endpoint refused the token (401)", page.Find("[data-testid='test-result']").TextContent));

        _gateway.Next = ModelTestResult.Success(1200, "ok");
        page.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Test again").Click();
        page.WaitForAssertion(() => Assert.Contains("Connected in 1.2 s", page.Find("[data-testid='test-result']").TextContent));
        Assert.Equal(2, _gateway.Calls);
    }

    [Fact]
    public async Task A_guest_may_test_but_not_edit()
    {
        var (org, _) = await SeedAsync();
        await SignInAsync("guest@acme.test");
        var page = RenderWithProviders<ModelsPage>(new() { ["OrgId"] = org });
        page.WaitForAssertion(() => Assert.Contains("Local", page.Find(".mud-table-body").TextContent));

        Assert.Single(page.FindAll("button[aria-label='Test connection to Local']"));
        Assert.Empty(page.FindAll("button[aria-label='Edit Local']"));
    }

    private sealed class FakeGateway : IModelGateway
    {
        public ModelTestResult Next { get; set; } = ModelTestResult.Success(1, "ok");
        public ModelEndpoint? LastEndpoint { get; private set; }
        public int Calls { get; private set; }

        public Task<ModelTestResult> TestAsync(ModelEndpoint endpoint, CancellationToken cancellationToken = default)
        {
            (LastEndpoint, Calls) = (endpoint, Calls + 1);
            return Task.FromResult(Next);
        }

        public Task<ModelCompletion> CompleteAsync(ModelEndpoint endpoint, IReadOnlyList<ModelMessage> messages, ModelCallOptions? options = null,
            CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public IAsyncEnumerable<ModelStreamUpdate> StreamAsync(ModelEndpoint endpoint, IReadOnlyList<ModelMessage> messages, ModelCallOptions? options = null,
            CancellationToken cancellationToken = default) => throw new NotSupportedException();
    }
}
