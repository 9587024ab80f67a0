// The single translation unit that compiles Boost.Beast and Boost.Asio (with SSL), so that the
// other files include only declarations: a large saving on a 2-core build.
#include <boost/asio/impl/src.hpp>
#include <boost/asio/ssl/impl/src.hpp>
#include <boost/beast/src.hpp>
