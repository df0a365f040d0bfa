package fingerprint

// Version identifies the signature scheme. Bump it whenever Sign or Bands
// would give another value for some text (Size, Shingle, seed, the word
// splitting, the band hashing): stored signatures and bands are then redone.
const Version = "1"
