// One app and one Chromium at a time: the CI machine has two cores, and Blazor circuits are timing-sensitive.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
