using Builder.Domain.Access;
using Builder.Domain.Environments;
using Builder.Domain.Members;
using Builder.Domain.Organizations;
using Builder.Domain.Users;
using Microsoft.EntityFrameworkCore;

namespace Builder.Data.Seed;

/// <summary>
/// The development data set that scripts and tests rely on: Acme Corp (Development, Production), Globex (Production),
/// and one user per role. Written once, into an empty database.
/// </summary>
public static class DevelopmentSeed
{
    public const string AcmeName = "Acme Corp";
    public const string GlobexName = "Globex";

    public static IReadOnlyList<(string Email, string Name, Role Role, string? Organization)> Users { get; } =
    [
        ("system@builder.local", "System Administrator", Role.System, null),
        ("admin@acme.test", "Alice Admin", Role.Admin, AcmeName),
        ("builder@acme.test", "Bob Builder", Role.User, AcmeName),
        ("guest@acme.test", "Grace Guest", Role.Guest, AcmeName),
        ("reviewer@acme.test", "Rita Reviewer", Role.Admin, AcmeName),
        ("admin@globex.test", "Gary Globex", Role.Admin, GlobexName),
    ];

    public static async Task ApplyAsync(BuilderDbContext db, DateTime now, CancellationToken ct = default)
    {
        if (await db.Users.AnyAsync(ct) || await db.Organizations.AnyAsync(ct)) return;
        const string seededBy = "system@builder.local";

        Organization Organization(string name, string description) => new()
        {
            Name = name, Description = description, CreatedAt = now, UpdatedAt = now, UpdatedBy = seededBy,
        };
        OrgEnvironment Environment(Organization organization, string name) => new()
        {
            OrganizationId = organization.Id, Name = name, CreatedAt = now, UpdatedAt = now, UpdatedBy = seededBy,
        };

        var acme = Organization(AcmeName, "Main production organization");
        var globex = Organization(GlobexName, "A second tenant, invisible to Acme");
        db.Organizations.AddRange(acme, globex);
        db.Environments.AddRange(Environment(acme, "Development"), Environment(acme, "Production"), Environment(globex, "Production"));

        foreach (var (email, name, role, organizationName) in Users)
        {
            var user = new User { Email = email, Name = name, IsSystem = role == Role.System, CreatedAt = now };
            db.Users.Add(user);
            if (organizationName is null) continue;
            var organization = organizationName == AcmeName ? acme : globex;
            db.Memberships.Add(new Membership
            {
                OrganizationId = organization.Id, Email = email, UserId = user.Id, Role = role, AcceptedAt = now, IsReviewer = email == "reviewer@acme.test",
                CreatedAt = now, UpdatedAt = now, UpdatedBy = seededBy,
            });
        }
        await db.SaveChangesAsync(ct);
    }
}
