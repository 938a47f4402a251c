using Builder.Domain.Access;
using Builder.Domain.Common;
using Builder.Domain.Organizations;
using Builder.Web.Authentication;
using Microsoft.AspNetCore.Components;

namespace Builder.Web.Components.Shared;

/// <summary>
/// A page scoped to the organization in its URL (<c>/orgs/{OrgId}/…</c>): loads the actor and the organization,
/// turns a missing or invisible organization into a "not found" state, and answers permission questions
/// from the permission matrix. Pages that show more scope (an environment) override <see cref="ScopeKey"/> and <see cref="LoadScopeAsync"/>.
/// </summary>
public abstract class OrgPageBase : ComponentBase
{
    private object? _loadedScope;

    [Parameter] public Guid OrgId { get; set; }

    [Inject] protected CurrentActor Current { get; set; } = default!;
    [Inject] protected OrganizationService Organizations { get; set; } = default!;
    [Inject] protected UiFeedback Feedback { get; set; } = default!;

    protected Actor? Actor { get; private set; }
    protected OrganizationView? Organization { get; private set; }
    protected Exception? Problem { get; private set; }
    protected string? ProblemCorrelationId { get; private set; }
    protected virtual bool Loading => Problem is null && (Actor is null || Organization is null && !IsPlatform);

    /// <summary>
    /// Whether the page also serves the platform: reached without an organization in its URL (<c>/system/…</c>), for
    /// System administrators in person only; anyone else finds nothing there.
    /// </summary>
    protected virtual bool AllowsPlatform => false;

    /// <summary>The page shows the platform (no organization) rather than the organization in its URL.</summary>
    protected bool IsPlatform => AllowsPlatform && OrgId == Guid.Empty;

    /// <summary>The organization in scope; null on the platform's page.</summary>
    protected Guid? OrgScope => IsPlatform ? null : OrgId;

    /// <summary>A permission the whole page needs; without it the page shows "No access".</summary>
    protected virtual string? RequiredPermission => null;

    /// <summary>What identifies the page's scope; when it changes the scope reloads and lists start over.</summary>
    protected virtual object ScopeKey => OrgId;

    protected bool Can(string permission) => Actor?.Can(OrgId, permission) == true;

    protected override async Task OnParametersSetAsync()
    {
        if (Equals(_loadedScope, ScopeKey)) return;
        _loadedScope = ScopeKey;
        (Organization, Problem) = (null, null);
        try
        {
            Actor = await Current.GetAsync();
            if (IsPlatform)
            {
                if (!Actor.IsSystem || !Actor.IsHuman) throw new NotFoundException("Page not found");
                await LoadScopeAsync();
                return;
            }
            Organization = await Organizations.GetAsync(Actor, OrgId);
            // A member without the permission learns who has it and whom to ask (non-members already got "not found").
            if (RequiredPermission is { } permission && !Can(permission))
                throw new ForbiddenException(Permissions.WhoCan(permission), Permissions.HowToGet(permission, Organization.Name));
            await LoadScopeAsync();
        }
        catch (Exception exception)
        {
            Problem = exception;
            if (!ErrorText.IsExpected(exception)) ProblemCorrelationId = Feedback.Error(exception);
        }
    }

    protected virtual Task LoadScopeAsync() => Task.CompletedTask;

    /// <summary>Reads the actor and scope again, e.g. after the actor's own role changed.</summary>
    protected async Task ReloadScopeAsync()
    {
        _loadedScope = null;
        await OnParametersSetAsync();
        StateHasChanged();
    }
}
