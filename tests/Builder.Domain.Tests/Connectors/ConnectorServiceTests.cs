using Builder.Domain.Access;
using Builder.Domain.Approvals;
using Builder.Domain.Audit;
using Builder.Domain.Common;
using Builder.Domain.Connectors;
using Builder.Domain.Sharing;
using Builder.Domain.Trash;
using Microsoft.EntityFrameworkCore;

namespace Builder.Domain.Tests.Connectors;

/// <summary>
/// Connectors: every type can be created from its catalogue definition; bad input is a 400 naming the field that changes
/// nothing; credentials are encrypted, write-only and never audited by value; the permission matrix and sharing decide who
/// reads and changes them; another organization's are 404; deletion goes through approval to the trash.
/// </summary>
public class ConnectorServiceTests : ConnectorTestContext
{
    public static TheoryData<string> Types() => new(ConnectorCatalog.Types);

    [Theory, MemberData(nameof(Types))]
    public async Task Every_type_is_created_from_its_definition_with_its_fields_and_only_the_keys_of_its_credentials(string type)
    {
        var connector = await CreateAsync(type, $"Work {type}");

        var definition = ConnectorCatalog.Find(type)!;
        Assert.Equal((type, definition.DisplayName, true), (connector.Type, connector.TypeName, connector.IsActive));
        Assert.True(connector.ConnectorId > 0);
        Assert.Equal(definition.Fields.Select(f => f.Key).Order(), connector.Fields.Keys.Order());
        Assert.Equal(definition.Credentials.Select(c => c.Key), connector.CredentialsSet);
        Assert.Equal((SharingWords.Company, SharingWords.Admin), (connector.SharingLevel, connector.UserAccessLevel));
        Assert.DoesNotContain(Canary, global::System.Text.Json.JsonSerializer.Serialize(connector));
    }

    [Fact]
    public async Task Credentials_are_stored_encrypted_and_audited_by_key_only()
    {
        var connector = await CreateAsync("ZENDESK", "Support desk");

        await using var db = Db.Context();
        var stored = await db.Connectors.SingleAsync(c => c.Id == connector.Id);
        var token = stored.ProtectedCredentials["apiToken"];
        Assert.DoesNotContain(Canary, token);
        Assert.Equal($"{Canary}-apiToken", Protector.Unprotect(token));
        var audit = await db.AuditEntries.Where(a => a.ResourceId == connector.Id).SingleAsync();
        Assert.Equal((AuditActions.Created, ResourceTypes.Connector), (audit.Action, audit.ResourceType));
        Assert.Equal(["type", "name", "subdomain", "accountEmail", "apiToken"], audit.ChangedFields.Split(','));
        Assert.DoesNotContain(Canary, audit.ChangedFields + audit.ResourceName);
    }

    [Fact]
    public async Task An_edit_keeps_replaces_or_clears_credentials_and_records_only_what_changed()
    {
        var connector = await CreateAsync("FACEBOOK", "Page");

        var kept = await Connectors.UpdateAsync(Admin, connector.Id, new ConnectorInput("Page", new Dictionary<string, string?> { ["pageId"] = "42" }));
        var replaced = await Connectors.UpdateAsync(Admin, connector.Id, new ConnectorInput(null,
            Credentials: new Dictionary<string, string?> { ["pageAccessToken"] = "new-token" }, ClearCredentials: ["appSecret"]), kept.Version);

        Assert.Equal(["pageAccessToken", "appSecret"], kept.CredentialsSet);
        Assert.Equal(["pageAccessToken"], replaced.CredentialsSet);
        Assert.Equal("42", replaced.Fields["pageId"]);
        Assert.Equal("id_ABC-123.x", replaced.Fields["appId"]);
        await using var db = Db.Context();
        Assert.Equal("new-token", Protector.Unprotect((await db.Connectors.SingleAsync(c => c.Id == connector.Id)).ProtectedCredentials["pageAccessToken"]));
        var changes = await db.AuditEntries.Where(a => a.ResourceId == connector.Id && a.Action == AuditActions.Updated)
            .OrderBy(a => a.At).Select(a => a.ChangedFields).ToListAsync();
        Assert.Equal(["pageId", "pageAccessToken,appSecret:cleared"], changes);
        await Assert.ThrowsAsync<ConcurrencyException>(() => Connectors.UpdateAsync(Admin, connector.Id, new ConnectorInput("Stale"), kept.Version));
    }

    [Fact]
    public async Task Bad_input_is_one_400_naming_every_field_and_saves_nothing()
    {
        var input = new ConnectorInput("  ",
            new Dictionary<string, string?> { ["hostUrl"] = "ftp://erp", ["accountEmail"] = "nobody", ["password"] = "in the wrong place", ["colour"] = "blue" },
            new Dictionary<string, string?> { ["clientSecret"] = "", ["apiKey"] = "x" }, SharingLevel: "EVERYONE");

        var error = await Assert.ThrowsAsync<ValidationException>(() => Connectors.CreateAsync(Admin, Acme, "ACUMATICA", input));

        Assert.Equal(["accountEmail", "apiKey", "clientId", "clientSecret", "colour", "hostUrl", "name", "password", "sharingLevel"],
            error.Errors.Keys.Order());
        Assert.Contains("Host URL must be an absolute http or https URL", error.Errors["hostUrl"][0]);
        Assert.Contains("Account email must be an email address", error.Errors["accountEmail"][0]);
        Assert.Contains("is a credential of Acumatica connectors", error.Errors["password"][0]);
        Assert.Contains("Client ID is required for Acumatica connectors.", error.Errors["clientId"]);
        Assert.Contains("not a field of Acumatica connectors", error.Errors["colour"][0]);
        await using var db = Db.Context();
        Assert.False(await db.Connectors.AnyAsync());
        Assert.False(await db.AuditEntries.AnyAsync(a => a.ResourceType == ResourceTypes.Connector));
    }

    [Fact]
    public async Task An_unknown_type_a_missing_credential_a_cleared_required_one_and_a_taken_name_are_refused()
    {
        var unknown = await Assert.ThrowsAsync<ValidationException>(() => Connectors.CreateAsync(Admin, Acme, "SLACK", Complete("GMAIL")));
        Assert.Contains("must be one of: GMAIL", unknown.Errors["type"][0]);
        var missing = await Assert.ThrowsAsync<ValidationException>(() =>
            Connectors.CreateAsync(Admin, Acme, "HUBSPOT", Complete("HUBSPOT") with { Credentials = null }));
        Assert.Equal(["Private app access token is required for HubSpot connectors."], missing.Errors["accessToken"]);

        var connector = await CreateAsync("HUBSPOT", "CRM");
        var cleared = await Assert.ThrowsAsync<ValidationException>(() =>
            Connectors.UpdateAsync(Admin, connector.Id, new ConnectorInput(null, ClearCredentials: ["accessToken"])));
        Assert.Contains("replace it instead of clearing it", cleared.Errors["clearAccessToken"][0]);
        await Assert.ThrowsAsync<ConflictException>(() => CreateAsync("GMAIL", "crm"));
        await Assert.ThrowsAsync<ValidationException>(() => Connectors.UpdateAsync(Admin, connector.Id, new ConnectorInput(null, SharingLevel: "PRIVATE")));
        Assert.Equal(["accessToken"], (await Connectors.GetAsync(Admin, connector.Id)).CredentialsSet);
    }

    [Fact]
    public async Task Lists_filter_by_type_and_state_and_toggling_switches_a_connector_off_and_on()
    {
        var gmail = await CreateAsync("GMAIL", "Inbox");
        var hubspot = await CreateAsync("HUBSPOT", "CRM");
        var off = await Connectors.SetActiveAsync(Admin, gmail.Id, false, gmail.Version);
        Assert.False(off.IsActive);
        var other = await CreateAsync("GMAIL", "Second inbox");

        Assert.Equal(["Inbox", "Second inbox"], (await Connectors.ListAsync(Guest, Acme, new ConnectorQuery("gmail"), new PageRequest())).Items.Select(c => c.Name));
        Assert.Equal(["Second inbox"], (await Connectors.ListAsync(Guest, Acme, new ConnectorQuery("GMAIL", true), new PageRequest())).Items.Select(c => c.Name));
        Assert.Equal(3, (await Connectors.ListAsync(Builder, Acme, new ConnectorQuery(), new PageRequest())).Total);
        Assert.Single((await Connectors.ListAsync(Builder, Acme, new ConnectorQuery(), new PageRequest(2, 2))).Items);
        await Assert.ThrowsAsync<ValidationException>(() => Connectors.ListAsync(Admin, Acme, new ConnectorQuery("SLACK"), new PageRequest()));
        Assert.True((await Connectors.SetActiveAsync(Admin, gmail.Id, true)).IsActive);
        Assert.Equal(hubspot.ConnectorId, (await Connectors.GetByNumberAsync(Guest, Acme, "hubspot", hubspot.ConnectorId)).ConnectorId);
        await Assert.ThrowsAsync<NotFoundException>(() => Connectors.GetByNumberAsync(Admin, Acme, "GMAIL", hubspot.ConnectorId));
        Assert.True(other.ConnectorId > hubspot.ConnectorId && hubspot.ConnectorId > gmail.ConnectorId);
    }

    public static TheoryData<string, string> Matrix()
    {
        var data = new TheoryData<string, string>();
        foreach (var caller in new[] { "System", "Admin", "Builder", "Guest", "GlobexAdmin", "ApiKey" })
        foreach (var operation in new[] { "create", "list", "get", "update", "toggle", "delete" })
            data.Add(caller, operation);
        return data;
    }

    [Theory, MemberData(nameof(Matrix))]
    public async Task Every_method_follows_the_permission_matrix_and_another_organizations_connector_is_404(string callerName, string operation)
    {
        var caller = callerName switch
        {
            "System" => System, "Admin" => Admin, "Builder" => Builder, "Guest" => Guest, "GlobexAdmin" => GlobexAdmin, _ => ApiKey,
        };
        var connector = await CreateAsync("GMAIL", "Inbox");
        var role = caller.RoleIn(Acme);
        var permission = operation switch
        {
            "create" => Permissions.EntitiesCreate, "list" or "get" => Permissions.EntitiesRead,
            "delete" => Permissions.EntitiesDelete, _ => Permissions.EntitiesUpdate,
        };
        Func<Task> act = operation switch
        {
            "create" => () => Connectors.CreateAsync(caller, Acme, "GMAIL", Complete("GMAIL", "Other")),
            "list" => () => Connectors.ListAsync(caller, Acme, new ConnectorQuery(), new PageRequest()),
            "get" => () => Connectors.GetAsync(caller, connector.Id),
            "update" => () => Connectors.UpdateAsync(caller, connector.Id, new ConnectorInput("Renamed")),
            "toggle" => () => Connectors.SetActiveAsync(caller, connector.Id, false),
            _ => () => Get<ApprovalService>().RequestAsync(caller, ApprovalOperations.Delete, ResourceTypes.Connector, connector.Id, "Unused", null),
        };

        if (role is null) await Assert.ThrowsAsync<NotFoundException>(act);
        else if (!PermissionMatrix.Allows(role.Value, permission)) await Assert.ThrowsAsync<ForbiddenException>(act);
        else if (operation == "delete" && !caller.IsHuman) await Assert.ThrowsAsync<HumanOversightRequiredException>(act);
        else await act();

        var after = await Connectors.GetAsync(Admin, connector.Id);
        var changed = role is { } r && PermissionMatrix.Allows(r, permission) && operation is "update" or "toggle";
        Assert.Equal(changed && operation == "update" ? "Renamed" : "Inbox", after.Name);
        Assert.Equal(!(changed && operation == "toggle"), after.IsActive);
    }

    [Fact]
    public async Task A_private_connector_is_seen_only_by_its_owner_and_the_organizations_admins()
    {
        var connector = await Connectors.CreateAsync(Admin, Acme, "GMAIL", Complete("GMAIL", "Mine") with { SharingLevel = "private" });

        Assert.Equal(SharingWords.Private, connector.SharingLevel);
        Assert.Empty((await Connectors.ListAsync(Builder, Acme, new ConnectorQuery(), new PageRequest())).Items);
        await Assert.ThrowsAsync<NotFoundException>(() => Connectors.GetAsync(Guest, connector.Id));
        await Assert.ThrowsAsync<NotFoundException>(() => Connectors.GetByNumberAsync(Builder, Acme, "GMAIL", connector.ConnectorId));
        Assert.Equal("Mine", (await Connectors.GetAsync(Reviewer, connector.Id)).Name);
        await Assert.ThrowsAsync<NotFoundException>(() => Connectors.GetByNumberAsync(GlobexAdmin, Globex, "GMAIL", connector.ConnectorId));
    }

    [Fact]
    public async Task A_connector_is_shared_handed_over_and_deleted_through_approval_and_comes_back_from_the_trash()
    {
        var operations = Get<IEnumerable<IHumanOnlyOperation>>().Where(o => o.ResourceType == ResourceTypes.Connector).Select(o => o.Operation).Order();
        Assert.Equal([ApprovalOperations.Delete, ApprovalOperations.Share, ApprovalOperations.TransferOwnership], operations);
        new ApprovalPolicy(1, [new ApprovalOverride(ApprovalOperations.Delete, ResourceTypes.Connector, "Inbox", 2)]).Validate(false);

        var connector = await CreateAsync("GMAIL", "Inbox");
        var approvals = Get<ApprovalService>();
        var target = await approvals.DescribeAsync(Admin, ApprovalOperations.Delete, ResourceTypes.Connector, connector.Id, null);
        Assert.Contains("The Gmail connector “Inbox” with its settings and 2 stored credentials", Assert.Single(target.Consequences));
        var request = await approvals.RequestAsync(Admin, ApprovalOperations.Delete, ResourceTypes.Connector, connector.Id, "Replaced", null);
        Assert.Equal("Inbox", (await Connectors.GetAsync(Admin, connector.Id)).Name);

        Assert.Equal(ApprovalStatus.Executed, (await approvals.ApproveAsync(Reviewer, request.Id, null)).Status);

        await Assert.ThrowsAsync<NotFoundException>(() => Connectors.GetAsync(Admin, connector.Id));
        var trash = Get<TrashService>();
        var item = Assert.Single((await trash.ListAsync(Admin, Acme, new PageRequest())).Items);
        Assert.Equal((ResourceTypes.Connector, "Inbox", "Connector"), (item.ResourceType, item.Name, item.ResourceTypeName));
        await CreateAsync("GMAIL", "Inbox");
        await trash.RestoreAsync(Admin, item.Id, "Old inbox");
        var back = await Connectors.GetAsync(Admin, connector.Id);
        Assert.Equal(("Old inbox", 2), (back.Name, back.CredentialsSet.Count));
    }
}
