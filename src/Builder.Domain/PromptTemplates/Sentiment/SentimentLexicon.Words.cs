namespace Builder.Domain.PromptTemplates.Sentiment;

internal static partial class SentimentLexicon
{
    /// <summary>
    /// The word valences, written by hand from general English usage (not fitted to any test set): one line per
    /// valence, "valence: word word …", from −4 (very negative) to +4 (very positive). A phrase joins its words with
    /// an underscore ("waste_of_time"); the longest phrase (up to four words) wins. Lines starting with # are
    /// comments. Words whose sentiment depends on their sense ("like", "pretty", "well", "sure", "support",
    /// "prompt", "right", "free") are left out on purpose or handled by a rule in <see cref="LexiconSentimentAnalyzer"/>.
    /// </summary>
    private const string Words = """
        # ---------- strongly positive ----------
        4: outstanding superb exceptional phenomenal flawless masterpiece magnificent marvelous marvellous spectacular
        4: breathtaking extraordinary sublime stellar top-notch world-class thrilled ecstatic overjoyed delighted
        4: adore adored adores exquisite impeccable
        3.5: amazing amazingly awesome fantastic fantastically wonderful excellent brilliant brilliantly incredible
        3.5: terrific fabulous perfect perfectly love loved loves loving lovely best gorgeous stunning
        3.5: beautiful beautifully remarkable impressive impressed unbeatable lifesaver life-saver
        3: great greatest happy happier happiest excited exciting delightful enjoy enjoyed enjoying enjoys enjoyable
        3: glad grateful thankful pleased pleasure recommend recommended recommending favorite favourite joy joyful
        3: wow congratulations congrats excellently admire admired beloved splendid elegant charming blessed
        3: generous wonderfully superior exceptionally heartwarming
        3: works_like_a_charm worth_every_penny five_stars 5_stars highly_recommend highly_recommended
        # ---------- positive ----------
        2.5: good better nice helpful useful valuable reliable smooth smoothly effortless effortlessly intuitive
        2.5: efficient effective effectively friendly polite courteous pleasant satisfied satisfying satisfaction
        2.5: comfortable comfy cute fun funny clever tasty delicious yummy accurate powerful sturdy durable robust
        2.5: seamless seamlessly convenient improved improvement improvements success successful successfully
        2.5: thanks thank thank_you appreciate appreciated appreciates liked likes worthwhile hopeful confident proud
        2.5: relieved relaxing peaceful inspiring inspired handy affordable bargain resolved solved fixed
        2.5: works_well worked_well working_well well_done well_made well-made well_written well-written
        2.5: well_designed well-designed love_it loved_it can't_wait cannot_wait can't_complain cannot_complain
        3.5: couldn't_be_happier could_not_be_happier second_to_none
        1.5: no_problem no_worries
        -1.5: not_a_fan
        2: fine decent fair reasonable reasonably helpfully nicely kindly warmly welcoming promising positive
        2: easy easier fast faster quick quickly responsive cheaper quieter brighter vivid crisp sharp rich healthy
        2: strong capable competent professional professionally thorough thoughtful patient patiently promptly
        2: suitable agree agreed encouraging beneficial benefit benefits advantage bonus smile smiled smiling
        2: laugh laughed laughing cool gladly happily luckily lucky fortunate fortunately wise glowing upbeat
        2: optimistic cheerful lively vibrant refreshing refreshed classy stylish sleek polished secure safe stable
        2: smart neat tidy clean fresh precise solid hope worth win wins won winning calm relief upgrade upgraded
        2: engaging gripping captivating compelling entertaining saves_time saved_time time-saver timesaver
        2: on_time as_described as_expected as_advertised no_complaints ahead_of_schedule
        1.5: ok okay alright adequate acceptable sufficient helped helps improve improves nicer cleaner modest
        1.5: honest genuine flexible progress recovered respect respected trust trusted trustworthy certainly yay
        1.5: hooray interesting compact lightweight spacious roomy quiet cozy cosy soft sweet juicy fluffy crunchy
        1.5: works worked
        1: correct correctly properly clear clearly simple usable tolerable passable fairly_good
        # ---------- mildly negative ----------
        -1: meh mediocre slow slowly late delay delayed delays waiting waited confusing confused complicated unclear
        -1: vague odd weird strange unfortunately sadly issue issues problem problems bug bugs glitch glitches error
        -1: errors mistake mistakes missing lacks lacking lack limited cramped noisy loud expensive pricey difficult
        -1: hard harder tough tricky clunky bulky outdated doubt doubts doubtful concern concerns concerned worried
        -1: worry worries nervous uncertain unsure skeptical tired boring bored dull bland repetitive tedious
        -1: inconvenient inconvenience hassle refund bitter sour salty greasy soggy stale burnt overcooked undercooked
        -1: cold lukewarm warning warnings risky weaker fragile
        # ---------- negative ----------
        -1.5: bad worse poor poorly weak flimsy messy dirty sloppy careless unreliable unstable annoying annoyed
        -1.5: annoys irritating irritated frustrating frustrated frustration disappoint disappointing disappointed
        -1.5: disappointment unhappy sad upset dissatisfied unsatisfied unacceptable unprofessional rude unhelpful
        -1.5: useless pointless broken breaks broke crash crashes crashed crashing fail fails failed failing failure
        -1.5: faulty defective damaged scratched cracked leaking leaks stuck freezes froze lag laggy overpriced
        -1.5: ripoff rip-off rip_off complaint complain complained complaining wrong incorrect inaccurate misleading
        -1.5: lost lose losing loses regret regrets regretted unusable ugly uncomfortable painful pain hurt hurts
        -1.5: hurting sick ill stressful stress stressed anxious angry anger mad unfriendly impatient ignored
        -1.5: ignoring ignores neglected abandoned struggle struggled struggling struggles trouble troubled
        -1.5: buggy glitchy sluggish unresponsive stopped_working stopped_responding
        -1.5: not_worth worse_than_expected unfortunate scary afraid fear fears cheap_plastic
        # ---------- strongly negative ----------
        -2: terrible horrible awful dreadful atrocious appalling abysmal pathetic lousy crappy crap garbage trash junk
        -2: hate hated hates hating dislike disliked dislikes detest despise furious outraged outrageous livid
        -2: disgusting disgusted gross nasty horrendous hideous worthless waste wasted wasting nightmare disaster
        -2: disastrous catastrophe catastrophic scam scammed fraud fraudulent cheated liar lied stolen dangerous
        -2: unsafe toxic harmful dead died miserable misery depressing depressed heartbroken devastated devastating
        -2: tragic tragedy ruined ruin ruins destroyed incompetent clueless hostile insulting insulted offensive
        -2: infuriating infuriated enraged betrayed unbearable intolerable ridiculous shoddy
        -2: waste_of_time waste_of_money never_again one_star 1_star zero_stars thumbs_down dead_on_arrival
        -2.5: worst hell hellish vile abhorrent evil cruel horrific horrifying terrifying terrified shocking
        -2.5: disgraceful shameful shame
        # ---------- emoticons and emoji ----------
        2: :) :-) =) :] (: ;) ;-) 🙂 😉 😌 ✅
        3: :D :-D =D <3 😀 😃 😄 😁 😊 😍 🥰 😘 🤩 👍 👏 🙌 💯 🎉 ❤ ❤️ 💖 💕 😂 🥳 ⭐ 🌟
        -2: :( :-( =( :[ :/ :-/ 🙁 ☹ ☹️ 😕 😟 😞 😔 😒 😩 😫 😤 👎
        -3: :'( 😢 😭 😠 😡 🤬 💔 🤮 🤢
        """;
}
