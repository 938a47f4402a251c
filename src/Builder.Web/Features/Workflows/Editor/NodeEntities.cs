using Builder.Domain.Access;
using Builder.Domain.WorkflowEntities;
using Builder.Web.Features.Workflows.Canvas;

namespace Builder.Web.Features.Workflows.Editor;

/// <summary>
/// The entities the canvas's nodes use (their names for the properties panel, their types for validation), read for
/// exactly those ids, and grown as nodes are added from the palette: the editor never holds the whole library.
/// </summary>
public sealed class NodeEntities(WorkflowEntityService entities, Actor actor, Guid organizationId)
{
    private readonly Dictionary<Guid, string> _names = [];
    private readonly Dictionary<Guid, string> _types = [];
    private readonly HashSet<Guid> _asked = [];

    /// <summary>Entity id → type name, for <see cref="CanvasProblems.Check"/>.</summary>
    public IReadOnlyDictionary<Guid, string> Types => _types;

    public string? NameOf(Guid id) => _names.GetValueOrDefault(id);

    public void Remember(WorkflowEntitySummary entity)
    {
        _names[entity.Id] = entity.Name;
        _types[entity.Id] = entity.EntityType;
        _asked.Add(entity.Id);
    }

    /// <summary>Reads the entities of <paramref name="nodes"/> not asked for yet; true when any was new.</summary>
    public async Task<bool> EnsureAsync(IEnumerable<CanvasNode> nodes)
    {
        var missing = nodes.Select(n => n.EntityId).Where(id => id != Guid.Empty && _asked.Add(id)).ToList();
        if (missing.Count == 0) return false;
        foreach (var entity in await entities.FindAsync(actor, organizationId, missing)) Remember(entity);
        return true;
    }
}
