using Builder.Domain.Common;

namespace Builder.Domain.Sharing;

/// <summary>
/// A resource with an owner and sharing (workflows, prompt templates, prompts; later agents, tools, tables…). A resource opts
/// in by implementing this: three columns on its own table (<see cref="OwnerId"/>, <see cref="SharingLevel"/>,
/// <see cref="CompanyPermission"/>), its explicit shares in the one generic <see cref="ResourceShare"/> table, and the static
/// description below. <see cref="OwnedResources"/> then loads it with access = role matrix ∩ sharing, filters lists, and
/// the generic share and transfer-ownership operations work for it unchanged.
/// </summary>
public interface IOwnedResource : IOrganizationOwned
{
    /// <summary>The member who owns it: its creator, until ownership is transferred.</summary>
    Guid OwnerId { get; set; }

    SharingLevel SharingLevel { get; set; }

    /// <summary>What every member gets when <see cref="SharingLevel"/> is Company (VIEW, EDIT or ADMIN).</summary>
    AccessLevel CompanyPermission { get; set; }

    /// <summary>One of <c>ResourceTypes</c> (Audit/AuditEntry.cs): the key of its shares and audit records.</summary>
    static abstract string ResourceType { get; }

    /// <summary>The role-matrix permissions that cap VIEW, EDIT and ADMIN on this type.</summary>
    static abstract ResourcePermissions Permissions { get; }

    /// <summary>"Workflow not found": what an invisible or unknown one answers (404).</summary>
    static abstract string NotFoundMessage { get; }

    /// <summary>"workflow", "prompt template": the type in a sentence a person reads.</summary>
    static abstract string Noun { get; }

    /// <summary>What an audit record of a change to it names.</summary>
    AuditSubject ToAuditSubject();
}

/// <summary>
/// One explicit share: a member of the resource's organization given VIEW, EDIT or ADMIN on one owned resource. One table
/// for every owned resource type, keyed by (<see cref="ResourceType"/>, <see cref="ResourceId"/>, <see cref="UserId"/>).
/// </summary>
public sealed class ResourceShare
{
    public const int ResourceTypeMax = 32;

    public string ResourceType { get; set; } = "";
    public Guid ResourceId { get; set; }
    public Guid UserId { get; set; }
    public Guid OrganizationId { get; set; }
    public AccessLevel Level { get; set; }
}
