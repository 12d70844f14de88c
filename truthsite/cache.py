"""Django's Redis cache backend, with its client objects kept and a one-round-trip
lookup of a versioned entry (truthsite.page_cache).

Django's RedisCacheClient builds a new redis.Redis object for every get or set, and
each one copies its table of some 200 response callbacks: about as much CPU as the
round trip itself. redis.Redis is thread-safe and the pools are Django's, so one
client per server serves every call.
"""

from django.core.cache.backends import redis

# The counters' values, then the entry stored under the prefix and those values joined
# by dots; no entry when a counter is missing (the caller starts it).
_VERSIONED_GET = """
local versions = redis.call('MGET', unpack(KEYS))
for i = 1, #KEYS do
  if not versions[i] then return {versions, false} end
end
return {versions, redis.call('GET', ARGV[1] .. table.concat(versions, '.'))}
"""


class ReusingRedisCacheClient(redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}
        self._scripts = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client

    def versioned_get(self, version_keys, prefix):
        client = self.get_client(write=False)
        script = self._scripts.get(id(client))
        if script is None:
            script = self._scripts[id(client)] = client.register_script(_VERSIONED_GET)
        versions, entry = script(keys=version_keys, args=[prefix])
        if entry is None:
            return None, None
        return [int(version) for version in versions], self._serializer.loads(entry)


class RedisCache(redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient

    def versioned_get(self, version_keys, key_prefix):
        """(versions, entry) in one round trip: the integer values of the counters at
        version_keys and the value stored at key_prefix + those values joined by dots;
        (None, None) when a counter or the entry is missing."""
        keys = [self.make_and_validate_key(key) for key in version_keys]
        return self._cache.versioned_get(keys, self.make_and_validate_key(key_prefix))
