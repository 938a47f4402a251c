namespace Builder.Domain.Tests.PromptTemplates.Sentiment;

/// <summary>
/// The labelled set the embedded analyzer is measured against: written by hand after the lexicon, one line per
/// sentence, "label | text". Product reviews, support messages, prompt texts, negations, contrasts, emphasis; no
/// sarcasm. "mixed" means a clearly positive and a clearly negative part.
/// </summary>
internal static class LabelledSentences
{
    public const string Lines = """
        # ---------- positive: reviews ----------
        positive | This blender is fantastic and makes the smoothest soups I have ever had.
        positive | The headphones sound great and the battery lasts all week.
        positive | Absolutely love this jacket, it keeps me warm on the coldest mornings.
        positive | Best purchase I made this year.
        positive | The hotel staff were friendly and the room was spotless.
        positive | Setup took five minutes and everything worked perfectly.
        positive | I am really happy with the quality of the print.
        positive | The app is fast, intuitive and reliable.
        positive | Delivery was quick and the package arrived in perfect condition.
        positive | Highly recommend this seller to anyone.
        positive | The pasta was delicious and the portions were generous.
        positive | What a wonderful little camera!
        positive | My kids enjoyed every minute of the show.
        positive | The new dashboard is a huge improvement.
        positive | Excellent value for money.
        positive | These boots are comfortable right out of the box.
        positive | The instructions were clear and easy to follow.
        positive | It works like a charm.
        positive | Five stars, would buy again.
        positive | The customer service team was incredibly helpful.
        positive | I'm impressed by how quiet this fan is.
        positive | The update made the editor noticeably faster.
        positive | Such a lovely gift, my mother adored it.
        positive | Great product, great price, great support!
        positive | The tent is sturdy and easy to pitch.
        positive | The course was well structured and very useful.
        positive | This is the most comfortable chair I have owned.
        positive | The colours are vivid and the screen is gorgeous.
        positive | I was pleasantly surprised by how good the coffee tasted.
        positive | Worth every penny.
        # ---------- positive: support and messages ----------
        positive | Thank you so much for fixing this so quickly!
        positive | Thanks, the issue is resolved and everything works now.
        positive | I really appreciate your patience and help.
        positive | Your team did an amazing job on the migration.
        positive | Great news, the deployment went smoothly.
        positive | I'm glad the new release solved our problem.
        positive | Congratulations on the launch, it looks brilliant.
        positive | The onboarding call was very helpful, thank you.
        positive | We are delighted with the results so far.
        positive | Everything is working perfectly after the update :)
        positive | The support agent was polite and patient.
        positive | Your answer was exactly what I needed, thanks!
        positive | We love the new reporting feature 😍
        positive | The integration is seamless and saved us hours.
        positive | Happy to confirm that the payment went through.
        # ---------- positive: negated negatives and emphasis ----------
        positive | I have no complaints at all.
        positive | Not bad at all, actually quite nice.
        positive | There were no problems during the installation.
        positive | I can't complain about the service.
        positive | The checkout never fails and it is always quick.
        positive | It was not difficult to set up.
        positive | No issues so far, it runs smoothly.
        positive | I couldn't be happier with this laptop.
        positive | The food was AMAZING!
        positive | This is SO good!!!
        positive | I can't wait to use it again.
        positive | The room wasn't noisy and the bed was comfy.
        positive | Nothing went wrong and the files were restored.
        positive | Hardly any noise, which is great.
        positive | I didn't expect it to be this good.
        # ---------- positive: prompts ----------
        positive | Write an enthusiastic thank-you note celebrating the team's wonderful success.
        positive | {{customer_name}} loved the product and wants to thank the team.
        positive | Hi {{name}}, we are thrilled to welcome you aboard!
        positive | The customer said the service was excellent and the staff were kind.
        positive | Thanks for your feedback, {{first_name}}, we're happy you enjoyed it.
        positive | Dear {{name}}, congratulations on your promotion!
        positive | Our users are happy with the new search and find it really useful.
        positive | The review from {{reviewer}} is glowing: great food and lovely service.
        positive | Celebrate the great quarter with the whole team 🎉
        positive | {{product}} is reliable, fast and easy to use.
        # ---------- negative: reviews ----------
        negative | The battery died after two days.
        negative | This is the worst phone I have ever owned.
        negative | The fabric feels cheap and started to tear after one wash.
        negative | Terrible customer service, nobody answered my emails.
        negative | The screen cracked within a week.
        negative | The food was cold and bland.
        negative | I regret buying this vacuum.
        negative | The app crashes every time I open the camera.
        negative | Completely useless, it stopped working on day one.
        negative | The hotel room was dirty and smelled awful.
        negative | Shipping took three weeks and the box was damaged.
        negative | The instructions are confusing and badly translated.
        negative | A total waste of money.
        negative | The sound quality is poor and the bass is muddy.
        negative | I am very disappointed with this purchase.
        negative | The zipper broke the first time I used it.
        negative | The seats were uncomfortable and the film was boring.
        negative | Overpriced and underwhelming.
        negative | The lid leaks and coffee spills everywhere.
        negative | The printer jams constantly and the ink is expensive.
        negative | Horrible experience, never again.
        negative | The software is slow and full of bugs.
        negative | The mattress is too soft and my back hurts.
        negative | Do not buy this, it is a scam.
        negative | The paint started peeling after a month, which is ridiculous.
        negative | The delivery driver was rude.
        negative | The charger stopped working and support ignored me.
        negative | One star, the worst purchase I have made.
        negative | The update made everything slower and more confusing.
        negative | The soup was salty and the bread was stale.
        # ---------- negative: support and messages ----------
        negative | I was charged twice and nobody has fixed it yet.
        negative | This is the third time I am reporting the same bug.
        negative | The login page keeps failing with an error.
        negative | I'm frustrated that my ticket has been open for two weeks.
        negative | Your product lost all of our data.
        negative | The export is broken again.
        negative | I am angry about how this was handled.
        negative | We are very unhappy with the response times.
        negative | The dashboard is unusable on mobile.
        negative | The migration failed and the site is down.
        negative | My order is late and the tracking link doesn't work.
        negative | This outage has been a nightmare for our customers.
        negative | I'm sorry, but this is unacceptable.
        negative | The agent was unhelpful and hung up on me 😡
        negative | The invoice is wrong and I want a refund.
        # ---------- negative: negated positives and emphasis ----------
        negative | The service was not good.
        negative | I don't like the new layout.
        negative | It isn't worth the price.
        negative | The staff were not friendly at all.
        negative | I would not recommend this hotel.
        negative | This product never works properly.
        negative | The app is not reliable.
        negative | Not impressed with the build quality.
        negative | The results were not accurate.
        negative | It barely works.
        negative | I didn't enjoy the second half of the book.
        negative | The tutorial was NOT helpful!
        negative | This is TERRIBLE.
        negative | There is nothing good about this update.
        negative | The food wasn't fresh :(
        # ---------- negative: prompts ----------
        negative | {{customer_name}} is furious because the order arrived broken.
        negative | The customer complained that the product is defective and the support was rude.
        negative | Summarize this angry review: the phone overheats and the battery is terrible.
        negative | Hi {{name}}, we are sorry that your order was damaged and late.
        negative | The user reports that {{feature}} crashes and loses their work.
        negative | {{reviewer}} hated the movie and called it a disaster.
        negative | The feedback from {{team}} was harsh: slow, buggy and confusing.
        negative | Our users are unhappy with the broken search.
        negative | The last release caused serious problems for {{client}}.
        negative | Draft an apology for the terrible outage that ruined the launch.
        # ---------- neutral: prompts ----------
        neutral | Summarize the following text in three bullet points.
        neutral | You are an assistant that answers questions about our product catalogue.
        neutral | Translate the message below into French.
        neutral | Write a reply to {{customer_name}} about order {{order_id}}.
        neutral | List the key dates mentioned in the document.
        neutral | Extract the invoice number, the amount and the due date as JSON.
        neutral | Answer in the same language as the question.
        neutral | Use at most 100 words.
        neutral | Classify the ticket into one of these categories: billing, shipping, account.
        neutral | The input is {{input}} and the output format is {{format}}.
        neutral | Rewrite the paragraph in the passive voice.
        neutral | Return only the title, without any explanation.
        neutral | Given the product description, generate five search keywords.
        neutral | Respond with yes or no.
        neutral | Convert the temperature from Celsius to Fahrenheit.
        neutral | Keep the original formatting and do not add headings.
        neutral | The report covers the period from January to March.
        neutral | Explain the difference between a list and a tuple in Python.
        neutral | Count how many times the word {{word}} appears in the text.
        neutral | Format the address as street, city and postal code.
        neutral | Compare the two versions and describe the changes.
        neutral | Do not include personal data in the answer.
        neutral | Write the summary for a technical audience.
        neutral | The variable {{language}} decides the language of the reply.
        neutral | Sort the items by price, then by name.
        # ---------- neutral: facts and support ----------
        neutral | The package weighs two kilograms.
        neutral | The meeting is scheduled for Tuesday at 10 am.
        neutral | I ordered the blue version in size medium.
        neutral | The phone comes with a USB-C cable.
        neutral | Our office is on the third floor.
        neutral | Please send me the invoice for March.
        neutral | How do I change the email address on my account?
        neutral | The store opens at nine.
        neutral | I would like to update my shipping address.
        neutral | The manual is available in English and German.
        neutral | Can you tell me when my order will be shipped?
        neutral | The laptop has 16 GB of memory and a 512 GB drive.
        neutral | We moved the meeting to the small conference room.
        neutral | The book has twelve chapters.
        neutral | I received the parcel this morning.
        neutral | The subscription renews every month.
        neutral | Which plan includes API access?
        neutral | The train leaves from platform four.
        neutral | My account number is in the attachment.
        neutral | The new version is 2.4.1.
        neutral | The form asks for a name, an email and a phone number.
        neutral | I will be out of the office next week.
        neutral | The jacket is made of cotton and polyester.
        neutral | Please forward this to the billing team.
        neutral | The file is attached.
        neutral | The colour in the photo is dark green.
        neutral | Is the charger included in the box?
        neutral | The conference takes place in Lisbon.
        neutral | The order contains three items.
        neutral | I am writing about ticket 4821.
        # ---------- mixed ----------
        mixed | The screen is gorgeous, but the battery life is terrible.
        mixed | Great food, awful service.
        mixed | I love the design, but the software is buggy.
        mixed | The hotel was beautiful, however the staff were rude.
        mixed | The camera is excellent but the app keeps crashing.
        mixed | Fast delivery, but the item arrived damaged.
        mixed | The story is wonderful, but the ending was disappointing.
        mixed | The price is great, the quality is poor.
        mixed | The support team was friendly, but the problem is still not fixed.
        mixed | I like the keyboard, but the trackpad is awful.
        mixed | The first half was brilliant; the second half was boring.
        mixed | Comfortable shoes, but they fell apart after a month and I am disappointed.
        mixed | The room was clean and spacious, but the wifi was useless.
        mixed | Amazing sound, terrible microphone.
        mixed | The new feature is useful, but the update broke the export.
        mixed | The staff were lovely. The food, however, was awful.
        mixed | I enjoyed the course. The exam was a nightmare.
        mixed | The coffee is delicious but the cups are always dirty.
        mixed | Excellent pizza, horrible parking.
        mixed | The laptop is fast, but the fan is incredibly loud and annoying.
        mixed | The game looks stunning, but the controls are frustrating.
        mixed | Helpful agent, but the refund process is a nightmare.
        mixed | I'm happy with the speed, but I hate the new interface.
        mixed | The movie was beautiful but painfully slow.
        mixed | Love the color, hate the fit.
        mixed | Good idea, poor execution.
        mixed | The lesson was great, though the audio was awful.
        mixed | Although the staff were rude, the food was excellent.
        mixed | The phone is great. The case is cheap and ugly.
        mixed | The dashboard is beautiful, but loading it is painfully slow.
        mixed | {{customer_name}} loved the product but hated the delivery experience.
        mixed | Summarize this review: great battery, terrible camera.
        mixed | The onboarding was smooth, but the billing page is confusing and broken.
        mixed | The garden is lovely, the house is a disaster.
        mixed | Excellent teacher, awful textbook.
        mixed | Beautiful beach, but the hotel was filthy and the food was terrible.
        mixed | The concert was amazing 😍 but the queue was horrible 😡
        mixed | The tool saves time, but the documentation is useless.
        mixed | I am grateful for the quick reply, but the answer was wrong.
        mixed | Nice view, terrible noise at night.
        mixed | The product is excellent; the shipping was a disaster.
        mixed | The plot is gripping, but the acting is dreadful.
        mixed | The keyboard feels great, but the screen is dim and disappointing.
        mixed | We love the features, but the pricing is outrageous.
        mixed | The trip was wonderful, but the flight home was awful.
        """;

    public static IReadOnlyList<(string Label, string Text)> All { get; } = Parse(Lines);

    /// <summary>
    /// Written after the rule fixes that the first set prompted, and never used to change the lexicon or the rules:
    /// the honest estimate of how the analyzer does on text it has not seen.
    /// </summary>
    public const string HeldOutLines = """
        positive | The new keyboard feels fantastic to type on.
        positive | Our accountant was thrilled with the monthly report.
        positive | I'm very satisfied with how quickly the order arrived.
        positive | The guide was patient and funny, we had a great afternoon.
        positive | Hi {{name}}, thanks a lot for the lovely review!
        positive | This library made our build pipeline so much simpler and faster.
        positive | The repair shop did an excellent job and the price was fair.
        positive | Honestly the best pizza in town.
        positive | The upgrade went without a single problem.
        positive | She was delighted with the flowers.
        positive | The new checkout flow is smooth and pleasant to use.
        positive | We really enjoyed working with your team this year.
        positive | It's not perfect, but it's a good, solid tool that I recommend.
        positive | The documentation is clear and the examples are helpful 👍
        positive | Quality is superb and delivery was on time.
        negative | The bus was late again and the driver was rude.
        negative | I'm disappointed that the refund still hasn't arrived.
        negative | This router drops the connection every hour, so frustrating.
        negative | The hotel breakfast was awful and overpriced.
        negative | Nobody from your team replied to my three emails.
        negative | The new version is slower and crashes on startup.
        negative | The handle snapped off after a week, cheap junk.
        negative | I don't trust this company anymore.
        negative | The seminar was a boring waste of time.
        negative | {{customer_name}} says the replacement is also defective.
        negative | This app isn't useful at all.
        negative | The room smelled of smoke and the sheets were dirty.
        negative | I hate waiting on hold for an hour.
        negative | The report is full of mistakes and missing numbers.
        negative | Worst customer support I have ever dealt with 😠
        neutral | Generate a title for the article below.
        neutral | The meeting notes are in the shared folder.
        neutral | Reply in JSON with the fields name, date and total.
        neutral | My flight lands at 6 pm on Friday.
        neutral | List every product that costs more than {{limit}}.
        neutral | The warehouse is closed on public holidays.
        neutral | Could you send the contract to my work address?
        neutral | Use British spelling throughout.
        neutral | The device has two USB ports and an HDMI output.
        neutral | Describe the image in one sentence.
        neutral | Our team has six engineers and one designer.
        neutral | The deadline for the application is 30 June.
        neutral | Group the tickets by customer and by week.
        neutral | I changed my phone number last month.
        neutral | The variable {{tone}} is either formal or casual.
        mixed | The hotel staff were amazing, but the room was tiny and dirty.
        mixed | Lovely design, awful battery.
        mixed | The speakers sound great, however the app is a mess and keeps crashing.
        mixed | I enjoyed the food, but the waiter was rude to us.
        mixed | The course content is excellent, the platform is terrible.
        mixed | Quick shipping, broken product.
        mixed | The movie had brilliant actors but a horrible script.
        mixed | The support agent was kind, but the solution didn't work and I am still frustrated.
        mixed | Great location; the noise at night was unbearable.
        mixed | I love my new bike, but the seat is painful.
        mixed | The camera takes beautiful photos. The software is slow and buggy.
        mixed | Perfect size, terrible material.
        mixed | The concert was wonderful, although the sound was awful in the back.
        mixed | The editor is powerful, but the setup was a nightmare.
        mixed | Friendly people, disgusting bathrooms.
        """;

    public static IReadOnlyList<(string Label, string Text)> HeldOut { get; } = Parse(HeldOutLines);

    private static List<(string Label, string Text)> Parse(string lines) => lines
        .Split('\n')
        .Select(line => line.Trim())
        .Where(line => line.Length > 0 && !line.StartsWith('#'))
        .Select(line => line.Split(" | ", 2))
        .Select(parts => (parts[0], parts[1]))
        .ToList();
}
