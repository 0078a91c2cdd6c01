// Scenarios start processes and a PostgreSQL cluster each and load both cores: run them one after another.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
