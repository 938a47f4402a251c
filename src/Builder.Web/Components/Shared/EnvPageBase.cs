using Builder.Domain.Environments;
using Microsoft.AspNetCore.Components;

namespace Builder.Web.Components.Shared;

/// <summary>
/// A page scoped to an environment in its URL (<c>/orgs/{OrgId}/envs/{EnvId}/…</c>): on top of <see cref="OrgPageBase"/>,
/// loads the environment through the service, which answers "not found" when it belongs to another organization than the URL's.
/// Pages load their own extra scope in <see cref="LoadEnvironmentScopeAsync"/>.
/// </summary>
public abstract class EnvPageBase : OrgPageBase
{
    [Parameter] public Guid EnvId { get; set; }

    [Inject] protected EnvironmentService EnvironmentService { get; set; } = default!;

    /// <summary>The environment in the URL, once loaded.</summary>
    protected EnvironmentView? Environment { get; private set; }

    protected override object ScopeKey => (OrgId, EnvId);

    protected override bool Loading => base.Loading || Problem is null && Environment is null;

    protected sealed override async Task LoadScopeAsync()
    {
        Environment = null;
        var environment = await EnvironmentService.GetAsync(Actor!, EnvId, OrgId);
        await LoadEnvironmentScopeAsync(environment);
        Environment = environment;
    }

    /// <summary>What the page loads besides the environment (a workflow, say); the environment is already checked.</summary>
    protected virtual Task LoadEnvironmentScopeAsync(EnvironmentView environment) => Task.CompletedTask;
}
