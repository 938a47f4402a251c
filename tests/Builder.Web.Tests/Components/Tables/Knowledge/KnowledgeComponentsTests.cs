using System.Text.Json.Nodes;
using Bunit;
using Builder.Domain.Knowledge;
using Builder.Domain.Tables.Knowledge;
using Builder.Web.Features.Tables.Knowledge;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace Builder.Web.Tests.Components.Tables.Knowledge;

/// <summary>The knowledge page's parts: search results (score, source, heading path, highlighted words, empty) and indexing progress.</summary>
public sealed class KnowledgeComponentsTests : IAsyncLifetime
{
    private readonly BunitContext _context = new();

    public KnowledgeComponentsTests()
    {
        _context.JSInterop.Mode = JSRuntimeMode.Loose;
        _context.Services.AddMudServices();
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _context.DisposeAsync();

    private static SearchHit Hit(long row, double score, string text, string? heading = null, string? document = "handbook.docx") =>
        new(row, score, document is null ? new JsonObject { ["body"] = text } : new JsonObject { ["document"] = new JsonObject { ["name"] = document } },
            text, heading, null, document is null ? "body" : "chunk");

    [Fact]
    public void Results_show_best_first_with_score_source_heading_path_and_the_query_words_highlighted()
    {
        var page = _context.Render<SearchResultsList>(p => p
            .Add(c => c.Query, "dogs at the office?")
            .Add(c => c.Results, [Hit(4, 0.6123, "Dogs are welcome in the Office on Fridays.", "Handbook › Pets"), Hit(9, 0.21, "I was charged twice.", document: null)]));

        var results = page.FindAll("[data-testid=kb-result]");
        Assert.Equal(2, results.Count);
        Assert.Contains("0.61", results[0].TextContent);
        Assert.Contains("handbook.docx", results[0].TextContent);
        Assert.Equal("Handbook › Pets", results[0].QuerySelector("[data-testid=kb-heading]")!.TextContent);
        Assert.Equal(["Dogs", "the", "Office"], results[0].QuerySelectorAll("mark").Select(m => m.TextContent));
        Assert.Equal("Dogs are welcome in the Office on Fridays.", results[0].QuerySelector("[data-testid=kb-passage]")!.TextContent);
        Assert.Contains("Row 9 · body", results[1].TextContent);
        Assert.Empty(results[1].QuerySelectorAll("mark"));
    }

    [Fact]
    public void No_results_say_so_and_no_search_yet_renders_nothing()
    {
        var empty = _context.Render<SearchResultsList>(p => p.Add(c => c.Query, "parking").Add(c => c.Results, []));
        Assert.Contains("Nothing matched “parking”", empty.Find("[data-testid=kb-no-results]").TextContent);

        var none = _context.Render<SearchResultsList>(p => p.Add(c => c.Query, null).Add(c => c.Results, null));
        Assert.Empty(none.Markup.Trim());
    }

    [Fact]
    public void Highlighting_matches_whole_word_starts_ignores_short_words_and_keeps_the_text()
    {
        var pieces = Highlight.Split("Catalog of cats; a cat.", "cat a");
        Assert.Equal("Catalog of cats; a cat.", string.Concat(pieces.Select(p => p.Text)));
        Assert.Equal(["Cat", "cat", "cat"], pieces.Where(p => p.Match).Select(p => p.Text));
        Assert.Single(Highlight.Split("<b>x</b>", "<script>"));
    }

    private static IndexingProgress Job(IndexingJobState state, int total, int processed, int failed = 0, string? current = null,
        params IndexingFailure[] failures) =>
        new(Guid.NewGuid(), Guid.NewGuid(), "Upload of 3 documents", state, total, processed, failed, failures, current, DateTime.UtcNow, null, null);

    [Fact]
    public void Progress_shows_each_job_counts_the_document_being_read_and_every_failure_with_its_reason()
    {
        var page = _context.Render<IndexingJobsList>(p => p.Add(c => c.Jobs,
        [
            Job(IndexingJobState.Running, 3, 1, current: "guide.md"),
            Job(IndexingJobState.CompletedWithFailures, 2, 1, 1, null, new IndexingFailure("old.doc", "old.doc is an old Word document (.doc), which cannot be read; save it as .docx and upload that.")),
            Job(IndexingJobState.Queued, 2, 0),
        ]));

        var jobs = page.FindAll("[data-testid=kb-job]");
        Assert.Equal(3, jobs.Count);
        Assert.Equal("1 of 3 documents done · reading guide.md…", jobs[0].QuerySelector("[data-testid=kb-job-counts]")!.TextContent);
        Assert.Equal("Indexing", jobs[0].QuerySelector("[data-testid=kb-job-state]")!.TextContent.Trim());
        Assert.Equal("1 document indexed, 1 failed", jobs[1].QuerySelector("[data-testid=kb-job-counts]")!.TextContent);
        Assert.Contains("old.doc: old.doc is an old Word document", jobs[1].QuerySelector("[data-testid=kb-job-failure]")!.TextContent);
        Assert.Equal("2 documents waiting for the indexer", jobs[2].QuerySelector("[data-testid=kb-job-counts]")!.TextContent);

        page.Render(p => p.Add(c => c.Jobs, [Job(IndexingJobState.Completed, 3, 3)]));
        Assert.Equal("3 documents indexed", page.Find("[data-testid=kb-job-counts]").TextContent);
        Assert.Equal("Indexed", page.Find("[data-testid=kb-job-state]").TextContent.Trim());
    }
}
