using Builder.Domain.Access;
using Builder.Domain.Common;
using Builder.Domain.Sharing;
using Builder.Domain.Versioning;
using Builder.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Builder.Web.Features.Agents.Versions;

/// <summary>
/// The editor page of an agent, tool or manager, addressed by its public number: it edits the DRAFT (Save draft), publishes
/// it with a note (saving unsaved edits first), lists the versions, compares any two and rolls back, all through the
/// resource's versioned service, which enforces the permissions. A page supplies the form: <see cref="Show"/> fills it from
/// a draft, <see cref="Input"/> builds the edit, <see cref="Snapshot"/> says what the form holds (for the unsaved-edits
/// guard) and <see cref="FieldsAsync"/> describes one version for comparing.
/// </summary>
public abstract class VersionedEditorBase<TResource, TDefinition, TInput> : OrgPageBase
    where TResource : VersionedResource, IVersionedResource, new()
    where TDefinition : class
{
    [Parameter] public int Number { get; set; }
    [Inject] protected IDialogService Dialogs { get; set; } = default!;
    [Inject] protected NavigationManager Navigation { get; set; } = default!;

    protected abstract VersionedResourceService<TResource, TDefinition, TInput> Service { get; }

    /// <summary>"agent", for messages.</summary>
    protected abstract string Noun { get; }

    protected Guid Id { get; private set; }

    /// <summary>The draft as last loaded or saved.</summary>
    protected VersionedView<TDefinition>? Draft { get; private set; }

    protected IReadOnlyList<VersionRow>? Versions { get; private set; }
    protected bool Busy { get; private set; }
    protected int LoadCount { get; private set; }
    protected abstract FieldErrors Errors { get; }
    private string? _savedSnapshot;

    protected override object ScopeKey => (OrgId, Number);
    protected override string? RequiredPermission => Permissions.EntitiesRead;

    /// <summary>Without the role's update permission, or when it is shared with this person at VIEW only.</summary>
    protected bool ReadOnly => !Can(Permissions.EntitiesUpdate) || Draft?.Ownership?.Access < AccessLevel.Edit;

    /// <summary>What the Versions tab says it offers: rolling back only to those who may (the button is hidden for the others).</summary>
    protected string VersionsDescription(string? more = null) =>
        (ReadOnly ? "The draft and every published version, newest first: compare any two." : "The draft and every published version, newest first: compare any two, roll back to an earlier one.")
        + (more is null ? "" : " " + more);

    protected bool Disabled => ReadOnly || !RendererInfo.IsInteractive || Busy;

    protected bool IsDirty => !ReadOnly && _savedSnapshot is not null && Snapshot() != _savedSnapshot;

    protected string Name => Draft?.Version is null ? "" : DraftName(Draft.Definition);

    protected abstract string DraftName(TDefinition definition);

    protected override async Task LoadScopeAsync()
    {
        Id = await Service.IdOfAsync(Actor!, OrgId, Number);
        await LoadChoicesAsync();
        await ShowDraftAsync(await Service.GetAsync(Actor!, Id, VersionSelector.Draft));
        Versions = VersionRows.From(await Service.VersionsAsync(Actor!, Id));
    }

    /// <summary>What the form offers (models, tools, agents…), loaded once with the page.</summary>
    protected virtual Task LoadChoicesAsync() => Task.CompletedTask;

    private async Task ShowDraftAsync(VersionedView<TDefinition> draft)
    {
        Errors.Clear();
        Draft = draft;
        await Show(draft);
        LoadCount++;
        _savedSnapshot = Snapshot();
    }

    /// <summary>Fills the form from the draft.</summary>
    protected abstract Task Show(VersionedView<TDefinition> draft);

    /// <summary>The edit the form describes.</summary>
    protected abstract TInput Input();

    /// <summary>What the form holds, to tell unsaved edits.</summary>
    protected abstract string Snapshot();

    /// <summary>Reads text that lives in the browser (Monaco) into the form; false when the form cannot be saved as it is.</summary>
    protected virtual Task<bool> ReadFormAsync() => Task.FromResult(true);

    /// <summary>One version described field by field, for comparing.</summary>
    protected abstract Task<IReadOnlyList<VersionField>> FieldsAsync(TDefinition definition);

    protected async Task<bool> CheckDirtyAsync()
    {
        if (!ReadOnly) await ReadFormAsync();
        return IsDirty;
    }

    protected async Task<IReadOnlyList<VersionField>> LoadFieldsAsync(int number)
    {
        var (_, definition, _) = await Service.DefinitionAsync(Actor!, Id, VersionRows.Selector(number));
        return await FieldsAsync(definition);
    }

    protected async Task SaveAsync()
    {
        if (!await ReadFormAsync()) return;
        if (await SaveDraftAsync()) Feedback.Success("Draft saved");
    }

    private async Task<bool> SaveDraftAsync()
    {
        Busy = true;
        VersionedView<TDefinition>? saved = null;
        var ok = await Feedback.RunAsync(async () => saved = await Service.UpdateAsync(Actor!, Id, Input(), Draft!.ConcurrencyToken), null, Errors, ReloadAsync);
        Busy = false;
        if (!ok || saved is null) return false;
        await ShowDraftAsync(saved);
        await ReloadVersionsAsync();
        return true;
    }

    protected async Task PublishAsync()
    {
        if (!await ReadFormAsync()) return;
        // A field's edit reaches the form when the field is left, which clicking Publish does: only then is "nothing to publish" known.
        if (!IsDirty && Draft is { HasUnpublishedChanges: false, PublishedVersion: { } current })
        {
            Feedback.Failure($"Nothing to publish: the draft is the same as the published version {current}. Edit the draft first, or roll back to publish an earlier version again.");
            return;
        }
        var parameters = new DialogParameters<PublishDialog> { { d => d.Current, Draft!.PublishedVersion }, { d => d.UnsavedEdits, IsDirty } };
        var dialog = await Dialogs.ShowAsync<PublishDialog>($"Publish {Name}", parameters, DialogDefaults.Form);
        if (await dialog.Result is not { Canceled: false, Data: string note }) return;
        if (IsDirty && !await SaveDraftAsync()) return;
        Busy = true;
        VersionedView<TDefinition>? published = null;
        var ok = await Feedback.RunAsync(async () => published = await Service.PublishAsync(Actor!, Id, note.Length == 0 ? null : note, Draft!.ConcurrencyToken),
            null, Errors, ReloadAsync);
        Busy = false;
        if (!ok || published is null) return;
        Feedback.Success($"Published as version {published.Version.Number}");
        await ReloadAsync();
    }

    protected async Task<bool> RollbackAsync(int? number, string? note)
    {
        VersionedView<TDefinition>? done = null;
        var ok = await Feedback.RunAsync(async () => done = await Service.RollbackAsync(Actor!, Id, number, note, Draft!.ConcurrencyToken), null, null, ReloadAsync);
        if (!ok || done is null) return false;
        Feedback.Success($"Rolled back: version {done.Version.RestoredFrom} is published again as version {done.Version.Number}");
        // The draft follows the rollback unless it held changes of its own; unsaved edits in the form stay as they are.
        var dirty = IsDirty;
        var draft = await Service.GetAsync(Actor!, Id, VersionSelector.Draft);
        if (dirty) Draft = draft;
        else await ShowDraftAsync(draft);
        await ReloadVersionsAsync();
        StateHasChanged();
        return true;
    }

    protected async Task ReloadAsync()
    {
        await Feedback.RunAsync(async () =>
        {
            await ShowDraftAsync(await Service.GetAsync(Actor!, Id, VersionSelector.Draft));
            await ReloadVersionsAsync();
        }, null);
        StateHasChanged();
    }

    private async Task ReloadVersionsAsync() => Versions = VersionRows.From(await Service.VersionsAsync(Actor!, Id));

    /// <summary>Asks a reviewer to delete it; once deleted at once, back to the list.</summary>
    protected async Task RequestDeletionAsync(string resourceType, string listHref)
    {
        var request = await Builder.Web.Features.Approvals.RequestApprovalDialog.ShowDeletionAsync(Dialogs, Actor!, resourceType, Id, Name,
            Draft?.ConcurrencyToken, OrgId);
        if (request?.Status == Builder.Domain.Approvals.ApprovalStatus.Executed) Navigation.NavigateTo(listHref);
    }

    /// <summary>The names of ids, in the order given, for comparing lists ("Unknown" for one that is gone).</summary>
    protected static string? Names(IEnumerable<Guid> ids, Func<Guid, string?> name, string unknown) =>
        VersionFields.Lines(ids.Select(id => name(id) ?? unknown));
}
