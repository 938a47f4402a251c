using System.Text.RegularExpressions;
using Builder.Domain.Common;

namespace Builder.Domain.Connectors;

/// <summary>What a non-secret field of a connector holds, which decides how it is checked and which input the form shows.</summary>
public enum ConnectorFieldKind
{
    /// <summary>Free text (a company or tenant name).</summary>
    Text,

    /// <summary>An email address (the account the connector acts as).</summary>
    Email,

    /// <summary>An absolute http(s) URL without user name or password (a host, an admin URL).</summary>
    Url,

    /// <summary>A public handle: letters, digits, dot, dash and underscore, an optional leading @.</summary>
    Handle,

    /// <summary>One DNS label, lower case (the <c>acme</c> of acme.zendesk.com).</summary>
    Subdomain,

    /// <summary>An opaque id a provider issued (client id, page id, publication id): letters, digits and <c>_ . : @ -</c> (Acumatica's <c>id@Company</c>).</summary>
    Identifier,

    /// <summary>A numeric id (a HubSpot portal, a QuickBooks company): digits only.</summary>
    Digits,

    /// <summary>One of a fixed list (<see cref="ConnectorField.Choices"/>).</summary>
    Choice,
}

/// <summary>
/// A non-secret field of a connector type: stored in plain text, shown in the console and returned by the API under
/// <see cref="Key"/> (<c>accountEmail</c>, <c>hostUrl</c>…).
/// </summary>
public sealed record ConnectorField(string Key, string Label, ConnectorFieldKind Kind, bool Required = false, string? Placeholder = null,
    string? Help = null, IReadOnlyList<string>? Choices = null)
{
    /// <summary>The longest value the field accepts.</summary>
    public int MaxLength => Kind switch
    {
        ConnectorFieldKind.Email => 254,
        ConnectorFieldKind.Url => 2048,
        ConnectorFieldKind.Subdomain => 63,
        ConnectorFieldKind.Digits => 32,
        ConnectorFieldKind.Handle => 100,
        _ => 200,
    };
}

/// <summary>
/// A credential of a connector type (API key, client secret, refresh token, password…): write-only, stored encrypted, never
/// returned, shown, logged or audited by value. A required one must be given on creation and can be replaced but not cleared.
/// </summary>
public sealed record ConnectorCredential(string Key, string Label, bool Required = true, string? Help = null)
{
    public const int MaxLength = 16_384;

    /// <summary>The write-only rules of the field (<see cref="WriteOnlySecret"/>): set, replace or clear, named by key only.</summary>
    public WriteOnlySecret Secret => new(Key, Label, ClearKey, MaxLength);

    /// <summary>The request flag that clears it: <c>clearApiKey</c>.</summary>
    public string ClearKey => "clear" + char.ToUpperInvariant(Key[0]) + Key[1..];

    /// <summary>How sentences name it: "API key" → "API key", "Client secret" → "client secret".</summary>
    public string Noun => Label.Length > 1 && char.IsUpper(Label[1]) ? Label : char.ToLowerInvariant(Label[0]) + Label[1..];
}

/// <summary>One connector type: its wire name (<c>GMAIL</c>), how people call it, and its fields and credentials.</summary>
public sealed record ConnectorTypeDefinition(string Type, string DisplayName, string Category, string Description,
    IReadOnlyList<ConnectorField> Fields, IReadOnlyList<ConnectorCredential> Credentials)
{
    public ConnectorField? Field(string key) => Fields.FirstOrDefault(f => f.Key == key);
    public ConnectorCredential? Credential(string key) => Credentials.FirstOrDefault(c => c.Key == key);
}

/// <summary>
/// The reference's 22 connector types, declared once each: the form, the validation and the API's DTO are generated from these
/// definitions. Common fields (an OAuth app's client id and secret, the account's email) come from the helpers below, so no
/// two types copy each other.
/// </summary>
public static class ConnectorCatalog
{
    /// <summary>Names a field or credential may not take: the connector's own properties in forms and the API's DTO.</summary>
    public static readonly IReadOnlySet<string> ReservedKeys = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "name", "type", "isActive", "sharingLevel", "connectorId", "connectorName", "connectorType", "userAccessLevel", "createdAt",
        "updatedAt", "errors", "owner", "companyPermissionLevel",
    };

    // ---------------------------------------------------------------- the shared pieces

    private static ConnectorField AccountEmail(bool required = true, string? help = null) =>
        new("accountEmail", "Account email", ConnectorFieldKind.Email, required, "name@example.com", help ?? "The account the connector acts as.");

    private static ConnectorField ClientId(string label = "Client ID", string? help = null) =>
        new("clientId", label, ConnectorFieldKind.Identifier, true, null, help ?? "From the provider's developer console; not a secret.");

    private static ConnectorField HostUrl(string label, string placeholder, string? help = null) =>
        new("hostUrl", label, ConnectorFieldKind.Url, true, placeholder, help);

    private static ConnectorField Handle(string placeholder, bool required = true, string label = "Handle") =>
        new("handle", label, ConnectorFieldKind.Handle, required, placeholder);

    private static ConnectorField Id(string key, string label, bool required = true, string? placeholder = null, string? help = null) =>
        new(key, label, ConnectorFieldKind.Identifier, required, placeholder, help);

    private static readonly ConnectorCredential ClientSecret = new("clientSecret", "Client secret");
    private static readonly ConnectorCredential RefreshToken = new("refreshToken", "Refresh token", Help: "Issued when the account granted access (OAuth).");
    private static readonly ConnectorCredential AccessToken = new("accessToken", "Access token");
    private static readonly ConnectorCredential ApiKey = new("apiKey", "API key");

    /// <summary>An OAuth app acting for an account: client id (a field), client secret and refresh token (credentials).</summary>
    private static ConnectorTypeDefinition OAuth(string type, string name, string category, string description, params ConnectorField[] fields) =>
        new(type, name, category, description, [.. fields, ClientId()], [ClientSecret, RefreshToken]);

    private static ConnectorTypeDefinition Define(string type, string name, string category, string description,
        ConnectorField[] fields, params ConnectorCredential[] credentials) => new(type, name, category, description, fields, credentials);

    private const string Google = "Google", Social = "Social", Crm = "CRM and support", Email = "Email and newsletters", Finance = "Finance and ERP", Files = "Files";

    // ---------------------------------------------------------------- the types, in the reference's order

    public static IReadOnlyList<ConnectorTypeDefinition> All { get; } =
    [
        OAuth("GMAIL", "Gmail", Google, "Read and send email from a Gmail or Google Workspace mailbox.", AccountEmail()),
        OAuth("GOOGLE_CALENDAR", "Google Calendar", Google, "Read and create events in a Google calendar.",
            AccountEmail(), Id("calendarId", "Calendar ID", required: false, "primary", "Empty for the account's primary calendar.")),
        OAuth("GOOGLE_ANALYTICS", "Google Analytics", Google, "Read reports of a Google Analytics 4 property.",
            AccountEmail(), new ConnectorField("propertyId", "Property ID", ConnectorFieldKind.Digits, true, "123456789", "The GA4 property's numeric id.")),
        OAuth("BOX", "Box", Files, "Read and upload files in Box.",
            AccountEmail(), new ConnectorField("enterpriseId", "Enterprise ID", ConnectorFieldKind.Digits, false, null, "Only for an enterprise (server) app.")),
        OAuth("LINKEDIN", "LinkedIn", Social, "Post to a LinkedIn member or company page.",
            new ConnectorField("companyId", "Company page ID", ConnectorFieldKind.Digits, false, "12345678", "Empty to post as the member.")),
        Define("TWITTER", "X (Twitter)", Social, "Post and read on an X (Twitter) account.",
            [Handle("@acme")], ApiKey, new("apiSecret", "API secret"), AccessToken, new("accessTokenSecret", "Access token secret")),
        Define("FACEBOOK", "Facebook", Social, "Post to and read a Facebook page.",
            [Id("pageId", "Page ID", placeholder: "104857600000000"), Id("appId", "App ID", required: false)],
            new ConnectorCredential("pageAccessToken", "Page access token"), new ConnectorCredential("appSecret", "App secret", Required: false)),
        Define("INSTAGRAM", "Instagram", Social, "Publish to and read an Instagram business account.",
            [Handle("acme"), Id("businessAccountId", "Business account ID", placeholder: "17841400000000000")], AccessToken),
        Define("REDDIT", "Reddit", Social, "Post and read on Reddit as a script app's user.",
            [new ConnectorField("username", "Username", ConnectorFieldKind.Handle, true, "acme_bot"), ClientId()],
            ClientSecret, new ConnectorCredential("password", "Password")),
        Define("THREADS", "Threads", Social, "Publish to and read a Threads profile.",
            [Handle("acme"), Id("userId", "Threads user ID", required: false)], AccessToken),
        Define("ZENDESK", "Zendesk", Crm, "Read and update Zendesk tickets.",
            [new ConnectorField("subdomain", "Subdomain", ConnectorFieldKind.Subdomain, true, "acme", "The acme of acme.zendesk.com."),
                AccountEmail(help: "The agent whose API token this is.")],
            new ConnectorCredential("apiToken", "API token")),
        OAuth("YOUTUBE", "YouTube", Google, "Read and manage a YouTube channel.",
            Id("channelId", "Channel ID", placeholder: "UCxxxxxxxxxxxxxxxxxxxxxx"), AccountEmail(required: false)),
        Define("TIKTOK", "TikTok", Social, "Publish to and read a TikTok account.",
            [Handle("@acme"), ClientId("Client key")], ClientSecret, AccessToken),
        Define("ACUMATICA", "Acumatica", Finance, "Read and write records in an Acumatica ERP instance.",
            [HostUrl("Host URL", "https://acme.acumatica.com", "The instance's address."), AccountEmail(help: "The API user."),
                new ConnectorField("company", "Company (tenant)", ConnectorFieldKind.Text, false, "Company", "Empty for a single-tenant instance."), ClientId()],
            ClientSecret, new ConnectorCredential("password", "Password")),
        Define("HUBSPOT", "HubSpot", Crm, "Read and update contacts, companies and deals in HubSpot.",
            [new ConnectorField("portalId", "Portal (hub) ID", ConnectorFieldKind.Digits, false, "12345678"), AccountEmail(required: false)],
            new ConnectorCredential("accessToken", "Private app access token")),
        OAuth("ZOHO_CRM", "Zoho CRM", Crm, "Read and update Zoho CRM records.",
            AccountEmail(),
            new ConnectorField("dataCenter", "Data center", ConnectorFieldKind.Choice, true, null, "Where the Zoho account lives.",
                ["com", "eu", "in", "com.au", "jp", "ca", "com.cn"])),
        OAuth("OUTLOOK", "Outlook", Email, "Read and send email from an Outlook or Microsoft 365 mailbox.",
            AccountEmail(), Id("tenantId", "Tenant ID", required: false, "common", "Empty for personal and multi-tenant accounts.")),
        Define("MAILCHIMP", "Mailchimp", Email, "Manage Mailchimp audiences and campaigns.",
            [new ConnectorField("serverPrefix", "Server prefix", ConnectorFieldKind.Subdomain, true, "us21", "The us21 at the end of the API key."),
                AccountEmail(required: false)],
            ApiKey),
        Define("GHOST", "Ghost", Email, "Publish posts and manage members of a Ghost site.",
            [HostUrl("Admin API URL", "https://acme.ghost.io", "The site's address.")], new ConnectorCredential("adminApiKey", "Admin API key")),
        Define("BEEHIIV", "beehiiv", Email, "Manage a beehiiv newsletter's posts and subscribers.",
            [Id("publicationId", "Publication ID", placeholder: "pub_00000000-0000-0000-0000-000000000000")], ApiKey),
        Define("BLUESKY", "Bluesky", Social, "Post to and read a Bluesky account.",
            [Handle("acme.bsky.social"),
                new ConnectorField("serviceUrl", "PDS URL", ConnectorFieldKind.Url, false, "https://bsky.social", "Empty for bsky.social.")],
            new ConnectorCredential("appPassword", "App password", Help: "An app password from Settings → App passwords, not the account's password.")),
        OAuth("QUICKBOOKS", "QuickBooks", Finance, "Read and write QuickBooks Online accounting records.",
            new ConnectorField("companyId", "Company ID (realm)", ConnectorFieldKind.Digits, true, "9130350000000000"),
            new ConnectorField("environment", "Environment", ConnectorFieldKind.Choice, true, null, null, ["production", "sandbox"])),
    ];

    private static readonly Dictionary<string, ConnectorTypeDefinition> ByType = All.ToDictionary(d => d.Type, StringComparer.Ordinal);

    /// <summary>Every wire name, in the reference's order.</summary>
    public static IReadOnlyList<string> Types { get; } = All.Select(d => d.Type).ToList();

    /// <summary>The definition of a wire name (exact, upper case), or null.</summary>
    public static ConnectorTypeDefinition? Find(string? type) => type is not null && ByType.TryGetValue(type, out var d) ? d : null;

    /// <summary>
    /// The definition a request names: trimmed, any case (<c>gmail</c> is GMAIL). Missing or unknown is a 400 on
    /// <paramref name="field"/> listing the valid types.
    /// </summary>
    public static ConnectorTypeDefinition Parse(string? type, string field = "type")
    {
        if (string.IsNullOrWhiteSpace(type))
            throw new ValidationException(field, $"{field} is required: one of {string.Join(", ", Types)}.");
        var wire = type.Trim().ToUpperInvariant();
        return Find(wire) ?? throw new ValidationException(field,
            $"Unknown connector type '{Shorten(type.Trim())}'. {field} must be one of: {string.Join(", ", Types)}.");
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";

    // ---------------------------------------------------------------- checking values

    private const RegexOptions Options = RegexOptions.CultureInvariant | RegexOptions.NonBacktracking;
    private static readonly Regex EmailRule = new(@"^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$", Options);
    private static readonly Regex HandleRule = new(@"^@?[A-Za-z0-9_][A-Za-z0-9_.\-]*$", Options);
    private static readonly Regex SubdomainRule = new(@"^[a-z0-9]([a-z0-9\-]*[a-z0-9])?$", Options);
    private static readonly Regex IdentifierRule = new(@"^[A-Za-z0-9_.:@\-]+$", Options);
    private static readonly Regex DigitsRule = new(@"^[0-9]+$", Options);

    /// <summary>
    /// Normalizes a value of <paramref name="field"/> (trimmed; a subdomain lower-cased; an empty value null) and adds what is
    /// wrong with it to <paramref name="validator"/>, under the field's key.
    /// </summary>
    public static string? Check(Validator validator, ConnectorTypeDefinition type, ConnectorField field, string? raw)
    {
        var value = Validator.Clean(raw);
        if (field.Kind == ConnectorFieldKind.Subdomain) value = value?.ToLowerInvariant();
        if (value is null)
        {
            if (field.Required) validator.Add(field.Key, $"{field.Label} is required for {type.DisplayName} connectors.");
            return null;
        }
        if (value.Length > field.MaxLength)
        {
            validator.Add(field.Key, $"{field.Label} must be at most {field.MaxLength} characters.");
            return value;
        }
        var problem = field.Kind switch
        {
            ConnectorFieldKind.Email when !EmailRule.IsMatch(value) => $"{field.Label} must be an email address, such as name@example.com.",
            ConnectorFieldKind.Url => UrlProblem(field, value),
            ConnectorFieldKind.Handle when !HandleRule.IsMatch(value) =>
                $"{field.Label} may hold only letters, digits, dots, dashes and underscores (an optional @ first).",
            ConnectorFieldKind.Subdomain when !SubdomainRule.IsMatch(value) =>
                $"{field.Label} must be one DNS label: lower-case letters, digits and dashes, such as {field.Placeholder ?? "acme"}.",
            ConnectorFieldKind.Identifier when !IdentifierRule.IsMatch(value) =>
                $"{field.Label} may hold only letters, digits and _ . : @ - (no spaces).",
            ConnectorFieldKind.Digits when !DigitsRule.IsMatch(value) => $"{field.Label} must be a number (digits only).",
            ConnectorFieldKind.Choice when !(field.Choices ?? []).Contains(value) =>
                $"{field.Label} must be one of: {string.Join(", ", field.Choices ?? [])}.",
            ConnectorFieldKind.Text when value.Any(char.IsControl) => $"{field.Label} must be one line of text.",
            _ => null,
        };
        if (problem is not null) validator.Add(field.Key, problem);
        return value;
    }

    private static string? UrlProblem(ConnectorField field, string value)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http") || string.IsNullOrEmpty(uri.Host))
            return $"{field.Label} must be an absolute http or https URL, such as {field.Placeholder ?? "https://example.com"}.";
        // A user name or password in the URL would be a credential in a field that is shown to everyone.
        if (!string.IsNullOrEmpty(uri.UserInfo))
            return $"{field.Label} must not contain a user name or password; put credentials in the credential fields.";
        return null;
    }
}
