// Integration specs talk to real servers over the network; their steps take seconds, not ms.
jest.setTimeout(120_000);
