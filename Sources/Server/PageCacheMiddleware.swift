import CompressNIO
import Foundation
import Hummingbird
import NIOPosix
import SinmunCollect
import SinmunStore

/// Conditional GETs, a page cache and gzip for the dashboard's GET answers.
///
/// Every 200 answer to a GET that may be kept (a page, JSON, a feed; not `no-store`) carries an
/// `ETag` (a hash of its body; the gzip form has its own): a browser that sends it
/// back in `If-None-Match` gets `304 Not Modified` and no body. The answer is kept for the
/// corpus's generation (``CorpusVersion``), so fifty analysts asking for the same page cost one
/// computation until the next import, crawl or label. Bodies of a kilobyte or more go out
/// gzipped to clients that accept it.
struct PageCacheMiddleware<Context: RequestContext>: RouterMiddleware {
    let cache: PageCache
    let version: any CorpusGeneration

    /// Content types worth keeping and compressing: what the dashboard renders.
    static func isCacheable(_ contentType: String) -> Bool {
        ["text/html", "application/json", "application/atom+xml", "text/csv", "image/svg+xml"].contains {
            contentType.hasPrefix($0)
        }
    }

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard request.method == .get else { return try await next(request, context) }
        let key = request.uri.description
        // A generation read over the network waits on the thread pool, not on this thread.
        let generation =
            if let known = version.known {
                known
            } else if version.waitsOnNetwork {
                try await NIOThreadPool.singleton.runIfActive { [version] in try version.current() }
            } else {
                try version.current()
            }
        let gzip = Self.acceptsGzip(request.headers[.acceptEncoding])
        if let entry = cache.entry(key, generation: generation) {
            return Self.answer(entry, to: request, gzip: gzip)
        }
        let (flight, leads) = cache.flight(key, generation: generation)
        guard leads else {
            // Another request is computing this page: wait for it; compute only if it cannot be kept.
            if let entry = await flight.wait() { return Self.answer(entry, to: request, gzip: gzip) }
            return try await next(request, context)
        }
        let response: Response
        let entry: PageCache.Entry?
        do {
            response = try await next(request, context)
            entry = try await Self.entry(of: response, generation: generation)
        } catch {
            cache.land(key, flight, entry: nil)
            throw error
        }
        // Kept first, then landed: a request arriving in between finds the page, not nothing.
        if let entry { cache.store(key, entry) }
        cache.land(key, flight, entry: entry)
        guard let entry else { return response }
        return Self.answer(entry, to: request, gzip: gzip)
    }

    /// The answer to keep of `response`: its body gathered, tagged and gzipped; nil for one not
    /// to keep (not 200, not a page, `no-store`, a cookie).
    static func entry(of response: Response, generation: Int) async throws -> PageCache.Entry? {
        guard response.status == .ok, let contentType = response.headers[.contentType], isCacheable(contentType),
            response.headers[.setCookie] == nil, response.headers[.cacheControl]?.contains("no-store") != true
        else { return nil }
        let body = try await collect(response.body)
        var headers = response.headers
        headers[.contentLength] = nil
        var entry = PageCache.Entry(
            generation: generation, etag: etag(of: body), headers: headers, body: body, gzip: nil)
        if body.readableBytes >= 1024 {
            var input = body
            let packed = try input.compress(with: .gzip(), allocator: ByteBufferAllocator())
            if packed.readableBytes < body.readableBytes { entry.gzip = packed }
        }
        return entry
    }

    /// `"…"`: the first 16 bytes of the body's SHA-256, in hex.
    static func etag(of body: ByteBuffer) -> String {
        "\"" + Fingerprint.sha256Hex(Data(body.readableBytesView)).prefix(32) + "\""
    }

    /// Whether `Accept-Encoding` admits gzip (RFC 9110: `gzip`, `gzip;q=0.5`, `*`; not
    /// `gzip;q=0` or `gzip;q=0.0`, which refuses it even beside `*`).
    static func acceptsGzip(_ header: String?) -> Bool {
        guard let header else { return false }
        var gzip: Double?
        var any: Double?
        for part in header.split(separator: ",") {
            let pieces = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            let weight =
                pieces.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
            if pieces.first == "gzip" { gzip = weight } else if pieces.first == "*" { any = weight }
        }
        return (gzip ?? any ?? 0) > 0
    }

    /// The tag of an entry's gzip form: another representation, so another tag (RFC 9110), from
    /// which a cache in between cannot serve gzip to a client that did not ask for it.
    static func gzipTag(_ etag: String) -> String { String(etag.dropLast()) + "-gzip\"" }

    /// Whether `If-None-Match` names `etag` (or is `*`).
    static func matches(_ header: String?, _ etag: String) -> Bool {
        guard let header else { return false }
        return header.split(separator: ",").contains { tag in
            let trimmed = tag.trimmingCharacters(in: .whitespaces)
            return trimmed == "*" || trimmed == etag || trimmed == "W/" + etag
        }
    }

    /// The kept answer: 304 when the client holds it, else the body, gzipped if it may be.
    static func answer(_ entry: PageCache.Entry, to request: Request, gzip: Bool) -> Response {
        let packed = gzip ? entry.gzip : nil
        let etag = packed == nil ? entry.etag : gzipTag(entry.etag)
        var headers = entry.headers
        headers[.eTag] = etag
        headers[.vary] = "Accept-Encoding"
        if matches(request.headers[.ifNoneMatch], etag) {
            headers[.contentType] = nil
            return Response(status: .notModified, headers: headers)
        }
        if let packed {
            headers[.contentEncoding] = "gzip"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: packed))
        }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: entry.body))
    }

    /// A response body's bytes, gathered.
    static func collect(_ body: ResponseBody) async throws -> ByteBuffer {
        let collector = BodyCollector()
        try await body.write(collector)
        return collector.buffer.withLockedValue { $0 }
    }
}
