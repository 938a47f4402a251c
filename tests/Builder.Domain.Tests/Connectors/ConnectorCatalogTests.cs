using System.Text.RegularExpressions;
using Builder.Domain.Common;
using Builder.Domain.Connectors;

namespace Builder.Domain.Tests.Connectors;

/// <summary>The catalogue is the reference's 22 types, each a complete declarative definition the form and the API can be made from.</summary>
public class ConnectorCatalogTests
{
    private static readonly string[] Reference =
    [
        "GMAIL", "GOOGLE_CALENDAR", "GOOGLE_ANALYTICS", "BOX", "LINKEDIN", "TWITTER", "FACEBOOK", "INSTAGRAM", "REDDIT", "THREADS", "ZENDESK",
        "YOUTUBE", "TIKTOK", "ACUMATICA", "HUBSPOT", "ZOHO_CRM", "OUTLOOK", "MAILCHIMP", "GHOST", "BEEHIIV", "BLUESKY", "QUICKBOOKS",
    ];

    public static TheoryData<string> Types() => new(Reference);

    [Fact]
    public void It_holds_exactly_the_references_22_types_in_its_order()
    {
        Assert.Equal(Reference, ConnectorCatalog.Types);
        Assert.Equal(22, ConnectorCatalog.All.Select(d => d.DisplayName).Distinct().Count());
    }

    [Theory, MemberData(nameof(Types))]
    public void Every_type_is_a_complete_form(string type)
    {
        var definition = ConnectorCatalog.Find(type)!;
        Assert.False(string.IsNullOrWhiteSpace(definition.DisplayName));
        Assert.False(string.IsNullOrWhiteSpace(definition.Description));
        Assert.NotEmpty(definition.Fields);
        Assert.NotEmpty(definition.Credentials);
        Assert.Contains(definition.Credentials, c => c.Required);
        var keys = definition.Fields.Select(f => f.Key).Concat(definition.Credentials.Select(c => c.Key)).ToList();
        Assert.Equal(keys.Count, keys.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.All(keys, key => Assert.Matches(new Regex("^[a-z][A-Za-z]*$"), key));
        Assert.All(keys, key => Assert.DoesNotContain(key, ConnectorCatalog.ReservedKeys));
        Assert.All(definition.Fields, f => Assert.False(string.IsNullOrWhiteSpace(f.Label)));
        Assert.All(definition.Fields.Where(f => f.Kind == ConnectorFieldKind.Choice), f => Assert.NotEmpty(f.Choices!));
        Assert.All(definition.Credentials, c => Assert.Equal("clear" + char.ToUpperInvariant(c.Key[0]) + c.Key[1..], c.ClearKey));
    }

    [Theory, MemberData(nameof(Types))]
    public void Every_field_accepts_a_valid_value_and_a_required_one_refuses_an_empty_one(string type)
    {
        var definition = ConnectorCatalog.Find(type)!;
        foreach (var field in definition.Fields)
        {
            var ok = new Validator();
            ConnectorCatalog.Check(ok, definition, field, " " + ConnectorTestContext.ValidValue(field) + " ");
            Assert.Equal(0, ok.Count);
            var empty = new Validator();
            Assert.Null(ConnectorCatalog.Check(empty, definition, field, "  "));
            Assert.Equal(field.Required ? 1 : 0, empty.Count);
        }
    }

    [Fact]
    public void The_references_examples_have_their_fields()
    {
        Assert.NotNull(ConnectorCatalog.Find("GMAIL")!.Field("accountEmail"));
        Assert.NotNull(ConnectorCatalog.Find("ACUMATICA")!.Field("hostUrl"));
        Assert.NotNull(ConnectorCatalog.Find("ACUMATICA")!.Field("accountEmail"));
        Assert.NotNull(ConnectorCatalog.Find("ZENDESK")!.Field("subdomain"));
        Assert.NotNull(ConnectorCatalog.Find("HUBSPOT")!.Credential("accessToken"));
    }

    [Fact]
    public void The_audit_log_says_a_credential_was_set_or_cleared_never_that_it_was_updated()
    {
        Assert.Equal("updated subdomain and set the api token",
            Builder.Domain.Audit.AuditWording.Describe(Builder.Domain.Audit.AuditActions.Updated, Builder.Domain.Audit.ResourceTypes.Connector, ["subdomain", "apiToken"]));
        Assert.Equal("cleared the app secret",
            Builder.Domain.Audit.AuditWording.Describe(Builder.Domain.Audit.AuditActions.Updated, Builder.Domain.Audit.ResourceTypes.Connector, ["appSecret:cleared"]));
    }

    [Theory]
    [InlineData("gmail", "GMAIL")]
    [InlineData(" Zoho_Crm ", "ZOHO_CRM")]
    public void A_type_is_read_in_any_case(string text, string type) => Assert.Equal(type, ConnectorCatalog.Parse(text).Type);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("SLACK")]
    public void A_missing_or_unknown_type_is_a_400_listing_the_valid_ones(string? text)
    {
        var error = Assert.Throws<ValidationException>(() => ConnectorCatalog.Parse(text, "connectorType"));
        var message = Assert.Single(error.Errors["connectorType"]);
        Assert.Contains("GMAIL, GOOGLE_CALENDAR", message);
        Assert.Contains("QUICKBOOKS", message);
    }

    [Theory]
    [InlineData(ConnectorFieldKind.Email, "not-an-email")]
    [InlineData(ConnectorFieldKind.Email, "a@b")]
    [InlineData(ConnectorFieldKind.Url, "ftp://files.example.com")]
    [InlineData(ConnectorFieldKind.Url, "erp.example.com")]
    [InlineData(ConnectorFieldKind.Url, "https://user:pass@erp.example.com")]
    [InlineData(ConnectorFieldKind.Subdomain, "acme.zendesk.com")]
    [InlineData(ConnectorFieldKind.Digits, "12ab")]
    [InlineData(ConnectorFieldKind.Identifier, "has space")]
    [InlineData(ConnectorFieldKind.Handle, "two words")]
    public void A_malformed_value_is_refused_naming_the_field(ConnectorFieldKind kind, string value)
    {
        var (definition, field) = ConnectorCatalog.All.SelectMany(d => d.Fields.Select(f => (d, f))).First(x => x.f.Kind == kind);
        var validator = new Validator();
        ConnectorCatalog.Check(validator, definition, field, value);
        var error = Assert.Throws<ValidationException>(validator.ThrowIfInvalid);
        Assert.Contains(field.Label, Assert.Single(error.Errors[field.Key]));
    }
}
