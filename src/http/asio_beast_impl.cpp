// Asio and Beast are built here once (BOOST_*_SEPARATE_COMPILATION in cmake/Dependencies.cmake)
// rather than in every file that includes them.
#include <boost/asio/impl/src.hpp>
#include <boost/beast/src.hpp>
// TLS streams (Socket Mode's wss://, the simulator's TLS endpoint).
#include <boost/asio/ssl/impl/src.hpp>
