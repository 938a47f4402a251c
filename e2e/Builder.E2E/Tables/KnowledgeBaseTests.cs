using System.Diagnostics;
using Builder.Domain.Tables.Knowledge;
using Builder.E2E.Infrastructure;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Builder.E2E.Tables;

/// <summary>
/// A knowledge base in a real browser with the app's own local model: upload a markdown and a Word document at once,
/// watch them get indexed, and find a passage by its meaning when it shares no words with the question.
/// </summary>
[Collection(BuilderAppCollection.Name)]
public sealed class KnowledgeBaseTests(BuilderAppFixture app, ITestOutputHelper output)
{
    const string Guide = "# Office guide\n\n## Parking\nCars go to the garage under building B; the barrier opens with your badge.\n\n" +
                         "## Kitchen\nClean the coffee machine every Monday and empty the dishwasher before you leave.\n";

    static byte[] Handbook()
    {
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            var styles = main.AddNewPart<StyleDefinitionsPart>();
            styles.Styles = new Styles(new Style(new StyleName { Val = "heading 1" }) { Type = StyleValues.Paragraph, StyleId = "Heading1" });
            var body = new Body();
            foreach (var (style, text) in new (string?, string)[]
                     {
                         ("Heading1", "Travel policy"), (null, "Employees may book economy flights for trips under six hours."),
                         ("Heading1", "Pets in the office"), (null, "Dogs are welcome on Fridays if they are calm and house-trained."),
                     })
            {
                var paragraph = new Paragraph(new Run(new Text(text) { Space = SpaceProcessingModeValues.Preserve }));
                if (style is not null) paragraph.PrependChild(new ParagraphProperties(new ParagraphStyleId { Val = style }));
                body.Append(paragraph);
            }
            main.Document = new Document(body);
        }
        return stream.ToArray();
    }

    [Theory]
    [InlineData(1440, 900, "light")]
    [InlineData(1440, 900, "dark")]
    [InlineData(390, 844, "light")]
    [InlineData(390, 844, "dark")]
    public async Task Upload_two_documents_wait_for_indexing_and_find_a_passage_by_its_meaning(int width, int height, string theme)
    {
        var acme = await app.OrganizationIdAsync(SeededData.Acme);
        var admin = await app.ActorAsync("admin@acme.test");
        int tableNumber;
        await using (var scope = app.Services.CreateAsyncScope())
            tableNumber = (await scope.ServiceProvider.GetRequiredService<KnowledgeBaseService>().CreateAsync(admin, acme, $"office_{width}_{theme}", "How the office works")).TableId;

        var page = await app.NewSignedInPageAsync("admin@acme.test");
        await page.Context.AddCookiesAsync([new Cookie { Name = "builder.theme", Value = theme, Url = app.BaseUrl }]);
        await page.SetViewportSizeAsync(width, height);
        await page.GotoAsync($"/orgs/{acme}/tables/{tableNumber}/knowledge");
        await page.WaitForInteractiveAsync(); // the upload button is enabled while prerendered too: wait for the circuit
        await Expect(page.GetByTestId("kb-no-documents")).ToBeVisibleAsync();
        await page.SaveScreenshotAsync($"knowledge-empty-{width}-{theme}");

        var clock = Stopwatch.StartNew();
        await page.Locator(".kb-documents input[type=file]").SetInputFilesAsync(new FilePayload[]
        {
            new() { Name = "guide.md", MimeType = "text/markdown", Buffer = System.Text.Encoding.UTF8.GetBytes(Guide) },
            new() { Name = "handbook.docx", MimeType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document", Buffer = Handbook() },
        });
        // The first upload of the run loads the model in the app: a bounded wait, and the time it took in the output.
        await Expect(page.GetByTestId("kb-job-state").First).ToHaveTextAsync("Indexed", new() { Timeout = 60_000 });
        await Expect(page.GetByTestId("kb-document")).ToHaveCountAsync(2);
        output.WriteLine($"Indexing two documents took {clock.ElapsedMilliseconds} ms in the browser (upload to 'Indexed').");
        await Expect(page.GetByTestId("kb-job-counts").First).ToHaveTextAsync("2 documents indexed");

        await page.Locator(".kb-query input").FillAsync("Can I bring my puppy to work?");
        await page.Locator(".kb-query input").PressAsync("Enter");
        var best = page.GetByTestId("kb-result").First;
        await Expect(best.GetByTestId("kb-passage")).ToContainTextAsync("Dogs are welcome on Fridays", new() { Timeout = 15_000 });
        await Expect(best.GetByTestId("kb-heading")).ToHaveTextAsync("Pets in the office");
        await Expect(best).ToContainTextAsync("handbook.docx");
        await page.SaveScreenshotAsync($"knowledge-search-{width}-{theme}");

        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 0, $"The page is {overflow} px wider than the screen.");
    }
}
