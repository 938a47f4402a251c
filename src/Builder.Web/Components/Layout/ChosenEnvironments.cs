using Microsoft.JSInterop;

namespace Builder.Web.Components.Layout;

/// <summary>
/// The environment a person last chose in each organization, so that Variables in Production → Members → Variables
/// comes back to Production. Kept for the circuit, and in the browser's localStorage under a key per organization
/// (<c>builder.env.{organization id}</c>), so a new tab or a reload remembers it too.
/// </summary>
public sealed class ChosenEnvironments(IJSRuntime js)
{
    public const string KeyPrefix = "builder.env.";

    private readonly Dictionary<Guid, Guid?> _chosen = [];

    public static string Key(Guid organizationId) => KeyPrefix + organizationId;

    /// <summary>The chosen environment of an organization, when one is known.</summary>
    public Guid? Of(Guid organizationId) => _chosen.GetValueOrDefault(organizationId);

    /// <summary>Reads the browser's memory for an organization once; true when that found an environment.</summary>
    public async Task<bool> RecallAsync(Guid organizationId)
    {
        if (_chosen.ContainsKey(organizationId)) return false;
        _chosen[organizationId] = null;
        var stored = await js.InvokeAsync<string?>("localStorage.getItem", Key(organizationId));
        if (!Guid.TryParse(stored, out var environmentId) || _chosen[organizationId] is not null) return false;
        _chosen[organizationId] = environmentId;
        return true;
    }

    /// <summary>Remembers the environment a page is in (the scope of its URL).</summary>
    public async Task ChooseAsync(Guid organizationId, Guid environmentId)
    {
        if (_chosen.GetValueOrDefault(organizationId) == environmentId) return;
        _chosen[organizationId] = environmentId;
        await js.InvokeVoidAsync("localStorage.setItem", Key(organizationId), environmentId.ToString());
    }
}
