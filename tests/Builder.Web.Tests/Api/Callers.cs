using Builder.Domain.Access;

namespace Builder.Web.Tests.Api;

/// <summary>The seeded people a test can call as: one per role in Acme, and Globex's admin as the outsider to Acme.</summary>
public enum Caller { System, Admin, User, Guest, Outsider }

public static class Callers
{
    public const string SystemEmail = "system@builder.local";
    public const string AdminEmail = "admin@acme.test";
    public const string UserEmail = "builder@acme.test";
    public const string GuestEmail = "guest@acme.test";
    public const string ReviewerEmail = "reviewer@acme.test";
    public const string OutsiderEmail = "admin@globex.test";

    public static string EmailOf(Caller caller) => caller switch
    {
        Caller.System => SystemEmail,
        Caller.Admin => AdminEmail,
        Caller.User => UserEmail,
        Caller.Guest => GuestEmail,
        Caller.Outsider => OutsiderEmail,
        _ => throw new ArgumentOutOfRangeException(nameof(caller)),
    };

    public static HttpClient As(this BuilderApiFactory factory, Caller caller) => factory.As(EmailOf(caller));

    /// <summary>
    /// The expected status of one endpoint for each caller. When the endpoint is guarded by a permission, the table
    /// must agree with <see cref="PermissionMatrix"/> (2xx exactly where the role holds it), so table and matrix cannot drift.
    /// </summary>
    public static TheoryData<Caller, int> Expect(string? permission, int system, int admin, int user, int guest, int outsider)
    {
        var table = new Dictionary<Caller, int>
        {
            [Caller.System] = system, [Caller.Admin] = admin, [Caller.User] = user, [Caller.Guest] = guest, [Caller.Outsider] = outsider,
        };
        if (permission is not null)
        {
            foreach (var (caller, role) in new[] { (Caller.System, Role.System), (Caller.Admin, Role.Admin), (Caller.User, Role.User), (Caller.Guest, Role.Guest) })
            {
                var allowed = table[caller] is >= 200 and < 300;
                if (allowed != PermissionMatrix.Allows(role, permission))
                    throw new InvalidOperationException($"Expected {table[caller]} for {caller} disagrees with the matrix on '{permission}'.");
            }
        }
        var data = new TheoryData<Caller, int>();
        foreach (var (caller, status) in table) data.Add(caller, status);
        return data;
    }
}
