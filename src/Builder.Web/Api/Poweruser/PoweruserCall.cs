using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Builder.Domain.Access;
using Builder.Domain.Common;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Builder.Web.Api.Poweruser;

/// <summary>
/// Who calls a poweruser endpoint and for which organization: the <see cref="Actor"/> (an API key's owner confined to the
/// key's organization, or a signed-in person) and <see cref="OrganizationId"/>, the one organization every operation of the
/// call acts in. Services still check the permission matrix themselves; this only decides the organization.
/// </summary>
public sealed class PoweruserCall
{
    public const string OrganizationParameter = "organizationId";

    private PoweruserCall(HttpContext http, Actor actor, Guid organizationId) =>
        (Http, Actor, OrganizationId) = (http, actor, organizationId);

    public HttpContext Http { get; }
    public Actor Actor { get; }
    public Guid OrganizationId { get; }
    public CancellationToken Aborted => Http.RequestAborted;

    public T Service<T>() where T : notnull => Http.RequestServices.GetRequiredService<T>();

    /// <summary>
    /// An API key: the key's organization (a different <c>?organizationId=</c> is another organization's, so 404).
    /// A session: <c>?organizationId=</c> when given (an organization the person cannot see is 404), else the person's only
    /// organization; a person in several (or none) must name one (400, field <c>organizationId</c>).
    /// </summary>
    public static async Task<PoweruserCall> StartAsync(HttpContext http)
    {
        var actor = await http.ActorAsync();
        var requested = RequestedOrganization(http);
        if (actor.ApiKeyOrganizationId is { } keyOrganization)
        {
            if (requested is { } other && other != keyOrganization) throw new NotFoundException(OrganizationAccess.NotFound);
            // The key's owner must still belong to it (a key outliving its owner's membership acts for no one).
            if (actor.RoleIn(keyOrganization) is null)
                throw new ForbiddenException("Forbidden: the key's owner is no longer a member of its organization");
            return new PoweruserCall(http, actor, keyOrganization);
        }
        if (requested is { } chosen)
            return actor.RoleIn(chosen) is null ? throw new NotFoundException(OrganizationAccess.NotFound) : new PoweruserCall(http, actor, chosen);
        if (actor.Memberships.Count == 1) return new PoweruserCall(http, actor, actor.Memberships.Keys.Single());
        throw new ValidationException(OrganizationParameter, actor.Memberships.Count == 0
            ? $"Name the organization to act in: add ?{OrganizationParameter}= to the URL (you belong to none)."
            : $"You belong to {actor.Memberships.Count} organizations: add ?{OrganizationParameter}= to the URL to name the one to act in.");
    }

    private static Guid? RequestedOrganization(HttpContext http)
    {
        var values = http.Request.Query[OrganizationParameter];
        if (values.Count == 0) return null;
        if (values.Count > 1 || !Guid.TryParse(values[0], out var id))
            throw new ValidationException(OrganizationParameter, $"{OrganizationParameter} must be one organization id (a GUID).");
        return id;
    }
}

/// <summary>
/// Reads a poweruser body into <typeparamref name="TBody"/> once, strictly: an empty body means <c>{}</c>; anything but a
/// JSON object is 400; numbers are never read from strings; a field named twice is 400; depth is capped
/// (<see cref="WebSetup.MaxJsonDepth"/>); the size was capped before (<see cref="RequestLimits"/>, 413). Unknown fields are ignored.
/// </summary>
public sealed partial class PoweruserJson(IOptions<JsonOptions> json)
{
    public JsonSerializerOptions Options { get; } = new(json.Value.SerializerOptions)
    {
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict,
        AllowDuplicateProperties = false,
    };

    public async Task<TBody> ReadAsync<TBody>(HttpContext http) where TBody : class
    {
        using var buffer = new MemoryStream();
        await http.Request.Body.CopyToAsync(buffer, http.RequestAborted);
        var bytes = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
        if (bytes.StartsWith(Encoding.UTF8.Preamble)) bytes = bytes[Encoding.UTF8.Preamble.Length..];
        var start = bytes.IndexOfAnyExcept(" \t\r\n"u8);
        if (start < 0) bytes = "{}"u8.ToArray();
        else if (bytes[start] != (byte)'{')
            throw new PoweruserBodyException("The body must be a JSON object: send {} when there are no fields.", code: "invalid_body");
        try
        {
            return JsonSerializer.Deserialize<TBody>(bytes, Options)
                   ?? throw new PoweruserBodyException("The body must be a JSON object: send {} when there are no fields.", code: "invalid_body");
        }
        // A value the reader could read but not convert (its inner exception says why): name the field and what it must be.
        catch (JsonException e) when (e.InnerException is InvalidOperationException or FormatException or OverflowException
                                      && PoweruserErrors.FieldName(e.Path) is { } field && TypeAt(typeof(TBody), e.Path!) is { } type)
        {
            throw new PoweruserBodyException($"'{field}' must be {PoweruserErrors.Expected(type)}.", field, "invalid_type");
        }
    }

    /// <summary>The declared type at a path of the body ("$.rows[2].data"), or null where the body has no such member.</summary>
    private Type? TypeAt(Type root, string path)
    {
        var type = root;
        foreach (Match segment in PathSegment().Matches(path))
        {
            type = Nullable.GetUnderlyingType(type) ?? type;
            if (segment.Groups["index"].Success)
            {
                type = type.IsArray ? type.GetElementType()
                    : type.GetInterfaces().Append(type).FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0];
            }
            else
            {
                var name = segment.Groups["name"].Success ? segment.Groups["name"].Value : segment.Groups["quoted"].Value;
                type = Options.GetTypeInfo(type).Properties.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))?.PropertyType;
            }
            if (type is null) return null;
        }
        return type == root ? null : type;
    }

    [GeneratedRegex(@"\.(?<name>[^.\[]+)|\['(?<quoted>[^']*)'\]|\[(?<index>\d+)\]", RegexOptions.NonBacktracking)]
    private static partial Regex PathSegment();
}
