using Builder.Domain.Access;
using Microsoft.EntityFrameworkCore;

namespace Builder.Domain.Common;

/// <summary>A record that belongs to exactly one organization, so permissions are checked against that organization.</summary>
public interface IOrganizationOwned
{
    Guid Id { get; }
    Guid OrganizationId { get; }
}

/// <summary>A record whose name is unique (case-insensitively) within some scope: an organization, an environment.</summary>
public interface INamedResource
{
    Guid Id { get; }
    string Name { get; }
}

/// <summary>The load-or-404 and unique-name rules every resource service shares.</summary>
public static class ResourceRules
{
    /// <summary>
    /// Loads a record once the actor holds <paramref name="permission"/> in its organization. An unknown id, a record of an
    /// organization the actor cannot see, and a record outside <paramref name="expectedOrganizationId"/> (the organization a
    /// URL names) are all <see cref="NotFoundException"/> with <paramref name="notFound"/>; a missing permission is 403.
    /// </summary>
    public static async Task<T> LoadPermittedAsync<T>(this IQueryable<T> records, Actor actor, Guid id, string permission, string notFound,
        Guid? expectedOrganizationId = null, CancellationToken ct = default) where T : class, IOrganizationOwned
    {
        var record = await records.FirstOrDefaultAsync(r => r.Id == id, ct) ?? throw new NotFoundException(notFound);
        actor.Require(record.OrganizationId, permission, notFound);
        if (expectedOrganizationId is { } expected && expected != record.OrganizationId) throw new NotFoundException(notFound);
        return record;
    }

    /// <summary>
    /// 409 with <paramref name="duplicateMessage"/> when another record of <paramref name="scope"/> (already filtered to the
    /// organization or environment) has the same name, ignoring case. The unique index still guards the race.
    /// </summary>
    public static async Task EnsureUniqueNameAsync<T>(this IQueryable<T> scope, string name, Guid? exceptId, string duplicateMessage,
        CancellationToken ct = default) where T : class, INamedResource
    {
        if (await scope.NameTakenAsync(name, exceptId, ct)) throw new ConflictException(duplicateMessage);
    }

    /// <summary>Whether another record of <paramref name="scope"/> than <paramref name="exceptId"/> has the name, ignoring case.</summary>
    public static Task<bool> NameTakenAsync<T>(this IQueryable<T> scope, string name, Guid? exceptId, CancellationToken ct = default)
        where T : class, INamedResource
    {
        var lower = name.ToLower();
        return scope.AnyAsync(r => r.Name.ToLower() == lower && r.Id != exceptId, ct);
    }
}
