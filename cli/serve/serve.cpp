// `recist serve FILE.csv`: the reader's page and its JSON API over HTTP (cpp-httplib, one thread
// pool), on 127.0.0.1 unless --bind says otherwise. Requests whose Host or Origin is not the
// served address are refused, so that no other page (DNS rebinding included) can read or write
// through it; bodies are at most 1 MB; no request names a file: the server writes FILE only.
#include <arpa/inet.h>
#include <httplib.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <thread>

#include "../commands.hpp"
#include "../pipeline.hpp"
#include "recist/io/files.hpp"
#include "serve_api.hpp"
#include "serve_page.hpp"

namespace recist::cli {
namespace {

constexpr std::size_t kMaxBody = 1 << 20;  // 1 MB: a track is a few kB
constexpr std::size_t kWorkers = 256;       // connections served at once (idle or slow ones too)
constexpr int kBacklog = 512;               // connections waiting to be accepted

/// An address that is this machine only.
bool is_loopback(std::string_view host) { return host == "127.0.0.1" || host == "localhost" || host == "::1"; }

/// Any address of any interface.
bool is_wildcard(std::string_view host) { return host == "0.0.0.0" || host == "::" || host.empty(); }

bool is_ip_literal(const std::string& host) {
  unsigned char buffer[sizeof(in6_addr)];
  return ::inet_pton(AF_INET, host.c_str(), buffer) == 1 || ::inet_pton(AF_INET6, host.c_str(), buffer) == 1;
}

/// Which Host (and Origin) values name the served address: this machine by name or number, the
/// bound address, and — bound to every interface — any address by number, never by another name
/// (a name could be an attacker's, resolving to this machine).
class AddressCheck {
 public:
  AddressCheck(std::string bind, int port) : bind_(std::move(bind)), port_(port) {}

  /// Whether `host_port` ("127.0.0.1:8765", "[::1]:8765", "localhost:8765") is the served address.
  bool host(std::string_view host_port) const {
    std::string name;
    std::string_view port;
    if (host_port.starts_with('[')) {
      const std::size_t close = host_port.find(']');
      if (close == std::string_view::npos) return false;
      name = std::string(host_port.substr(1, close - 1));
      port = host_port.substr(close + 1);
    } else {
      const std::size_t colon = host_port.rfind(':');
      name = std::string(host_port.substr(0, colon));
      port = colon == std::string_view::npos ? std::string_view() : host_port.substr(colon);
    }
    if (port != ":" + std::to_string(port_)) return false;
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return is_loopback(name) || name == bind_ || (is_wildcard(bind_) && is_ip_literal(name));
  }

  /// Whether an Origin header ("http://127.0.0.1:8765") is the served address.
  bool origin(std::string_view origin) const {
    constexpr std::string_view kScheme = "http://";
    return origin.starts_with(kScheme) && host(origin.substr(kScheme.size()));
  }

 private:
  std::string bind_;
  int port_;
};

void reply(httplib::Response& res, const Reply& r) {
  res.status = r.status;
  if (!r.etag.empty()) res.set_header("ETag", "\"" + r.etag + "\"");
  res.set_content(r.body, r.type.c_str());
}

/// The text of a status for the JSON error body of answers httplib makes itself (404, 413 …).
std::string status_message(int status, const httplib::Request& req) {
  // httplib reads a form body (application/x-www-form-urlencoded, curl's default for --data) only
  // up to CPPHTTPLIB_FORM_URL_ENCODED_PAYLOAD_MAX_LENGTH: say which limit was hit (issue 31).
  if (status == 413 && req.get_header_value("Content-Type").starts_with("application/x-www-form-urlencoded"))
    return "a body sent as application/x-www-form-urlencoded is limited to " +
           std::to_string(CPPHTTPLIB_FORM_URL_ENCODED_PAYLOAD_MAX_LENGTH) +
           " bytes: send the track as Content-Type: application/json (up to 1 MB)";
  switch (status) {
    case 400: return "the request is malformed";
    case 404: return "no such address: the page is /, the API /api/tracks, /api/tracks/{subject}/{reader}, /api/assess and /api/view";
    case 405: return "this address does not take that method";
    case 413: return "the request body is over 1 MB (" + std::to_string(kMaxBody) + " bytes)";
    default: return "HTTP status " + std::to_string(status);
  }
}

/// Only SO_REUSEADDR (a restart may reuse a port in TIME_WAIT), never SO_REUSEPORT: a second
/// server on a port in use must fail, not share it.
void socket_options(socket_t sock) {
  int yes = 1;
  ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
}

}  // namespace

int run_serve(int argc, char** argv) {
  Options options;
  int code = kOk;
  if (!parse_or_report("serve", argc, argv, &options, &code)) return code;
  TrackStore store(options.files.front());
  {
    Snapshot file;
    io::InputError error;
    if (!store.read(&file, &error)) {
      std::fprintf(stderr, "recist serve: %s\n(serve reads and saves a native measurements CSV, SPEC 4.1)\n",
                   io::to_string(error).c_str());
      return kBadInput;
    }
    print_errors(file.data);  // bad tracks are served too, with their errors, to be mended
  }
  // What a server killed mid-save left (issue 31): this tool's temporary files of dead processes.
  io::remove_stale_temporaries(store.path());
  io::remove_stale_temporaries(store.path() + ".bak");

  // SIGINT and SIGTERM stop the server between requests; every thread started from here on
  // inherits the blocked mask, so only the waiter below receives them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  httplib::Server server;
  int listening = -1;
  server.set_socket_options([&](socket_t sock) {
    socket_options(sock);
    listening = sock;
  });
  server.set_payload_max_length(kMaxBody);
  // Slow and idle clients (issue 31): httplib 0.11 gives each connection a worker until it ends,
  // and its read timeout restarts with each byte. So: many workers, a short wait for a byte and
  // for the next request on a kept-alive connection; a connection that holds a worker can hold
  // it no longer than a client that sends a byte every 2 s keeps it.
  server.new_task_queue = [] { return new httplib::ThreadPool(kWorkers); };
  server.set_read_timeout(2, 0);
  server.set_keep_alive_timeout(2);
  server.set_default_headers({{"X-Content-Type-Options", "nosniff"}, {"Cache-Control", "no-store"}});

  errno = 0;
  const int port = options.port == 0 ? server.bind_to_any_port(options.bind)
                   : server.bind_to_port(options.bind, options.port) ? options.port
                                                                     : -1;
  if (port <= 0) {
    const int why = errno;
    std::fprintf(stderr, "recist serve: cannot listen on %s:%d: %s%s\n", options.bind.c_str(), options.port,
                 why ? std::strerror(why) : "the address cannot be bound",
                 why == EADDRINUSE ? " (another server has that port: choose another with --port N, or --port 0 "
                                     "for any free port)"
                                   : "");
    return kUsage;
  }
  // httplib listens with a backlog of 5: a burst of connections would be refused.
  if (listening >= 0) ::listen(listening, kBacklog);
  const AddressCheck address(options.bind, port);
  ServeContext context{store, options.profile};

  // Refused before anything is read: a Host that is not the served address (DNS rebinding), or
  // an Origin that is not the page's own (another site's page posting here).
  server.set_pre_routing_handler([&](const httplib::Request& req, httplib::Response& res) {
    const std::string host = req.get_header_value("Host");
    std::string why;
    if (!address.host(host))
      why = "Host \"" + host + "\" is not the address this server is at";
    else if (req.has_header("Origin") && !address.origin(req.get_header_value("Origin")))
      why = "Origin \"" + req.get_header_value("Origin") + "\" is not this server's page";
    // httplib holds a chunked body to no limit (issue 31): one is refused unread, whatever its
    // size; the page and curl --data-binary send Content-Length, which the 1 MB limit bounds.
    if (why.empty() && req.has_header("Transfer-Encoding") && req.get_header_value("Transfer-Encoding") != "identity") {
      res.set_header("Connection", "close");
      reply(res, Reply{413, error_body("a body sent with Transfer-Encoding: " + req.get_header_value("Transfer-Encoding") +
                                       " is refused unread: send it with Content-Length, at most 1 MB (" +
                                       std::to_string(kMaxBody) + " bytes)")});
      return httplib::Server::HandlerResponse::Handled;
    }
    if (why.empty()) return httplib::Server::HandlerResponse::Unhandled;
    reply(res, Reply{403, error_body(why + ": refused")});
    return httplib::Server::HandlerResponse::Handled;
  });
  server.set_error_handler([](const httplib::Request& req, httplib::Response& res) {
    if (res.body.empty()) res.set_content(error_body(status_message(res.status, req)), "application/json");
  });
  server.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr ep) {
    std::string what = "internal error";
    try {
      std::rethrow_exception(ep);
    } catch (const std::exception& e) {
      what += std::string(": ") + e.what();
    } catch (...) {
    }
    reply(res, Reply{500, error_body(what)});
  });

  for (const PageFile& f : page_files()) {
    const std::string type = std::string(f.type) + "; charset=utf-8";
    server.Get(std::string(f.path), [f, type](const httplib::Request&, httplib::Response& res) {
      // The page's own files only; the engine's SVG is shown as an image (no script in it runs).
      res.set_header("Content-Security-Policy",
                     "default-src 'self'; img-src 'self' data: blob:; style-src 'self'; script-src 'self'; "
                     "frame-ancestors 'none'; form-action 'none'; base-uri 'none'");
      res.set_content(f.body.data(), f.body.size(), type.c_str());
    });
  }
  const std::string track_path = R"(/api/tracks/([^/]+)/([^/]+))";
  server.Get("/api/tracks", [&](const httplib::Request&, httplib::Response& res) { reply(res, list_tracks(context)); });
  server.Get(track_path, [&](const httplib::Request& req, httplib::Response& res) {
    reply(res, get_track(context, req.matches[1].str(), req.matches[2].str()));
  });
  server.Post("/api/assess", [&](const httplib::Request& req, httplib::Response& res) {
    reply(res, assess_track(context, req.body));
  });
  server.Post("/api/view", [&](const httplib::Request& req, httplib::Response& res) {
    reply(res, view_track(context, req.body));
  });
  server.Put(track_path, [&](const httplib::Request& req, httplib::Response& res) {
    const Reply r = save_track(context, req.matches[1].str(), req.matches[2].str(), req.body,
                               req.get_header_value("If-Match"), req.get_header_value("If-None-Match"));
    if (r.status == 200)
      std::fprintf(stderr, "recist serve: saved %s/%s in %s (version %s)\n", req.matches[1].str().c_str(),
                   req.matches[2].str().c_str(), store.path().c_str(), r.etag.c_str());
    reply(res, r);
  });

  if (!is_loopback(options.bind))
    std::fprintf(stderr,
                 "recist serve: warning: listening on %s, not 127.0.0.1 only: other machines can read and save %s\n",
                 options.bind.c_str(), store.path().c_str());
  const std::string shown = is_wildcard(options.bind)                   ? std::string("127.0.0.1")
                           : options.bind.find(':') != std::string::npos ? "[" + options.bind + "]"
                                                                         : options.bind;
  std::printf("recist serve: open http://%s:%d/ (%s; Ctrl-C stops)\n", shown.c_str(), port, store.path().c_str());
  std::fflush(stdout);

  std::atomic<bool> listened{false};
  std::thread waiter([&] {
    int signal = 0;
    sigwait(&stop_signals, &signal);
    // A signal that comes before the server runs would find nothing to stop: wait until it runs.
    while (!server.is_running() && !listened) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    server.stop();
  });
  const bool served = server.listen_after_bind();
  listened = true;
  // Wakes the waiter if the server stopped by itself; blocked in every thread, the signal is
  // otherwise left pending, harmlessly.
  ::kill(::getpid(), SIGTERM);
  waiter.join();
  return served ? kOk : kInternal;
}

}  // namespace recist::cli
