/**
 * Sets a packed vector unless the stored one is newer: a later event time, or the same event time
 * computed later (a replayed older message must not undo a newer one). Both times are the two
 * float64 after the format byte, compared in Redis so that concurrent writers cannot interleave
 * a read and a write. The expiry only collects garbage; reads enforce the view's TTL.
 *
 * KEYS[1] the entity's key · ARGV[1] the packed vector · ARGV[2] the expiry (ms)
 * Returns 1 when written, 0 when the stored vector was newer.
 */
export const NEWEST_WINS_LUA = `
local stored = redis.call('GET', KEYS[1])
if stored and string.len(stored) >= 17 and string.byte(stored, 1) == 1 then
  local storedEvent, storedComputed = struct.unpack('<dd', stored, 2)
  local event, computed = struct.unpack('<dd', ARGV[1], 2)
  if storedEvent > event or (storedEvent == event and storedComputed > computed) then
    return 0
  end
end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1
`;
