// Open MPI's C API (Debian's libopenmpi-dev, found through pkg-config's
// ompi-c). Its predefined handles are macros over addresses of globals,
// which Swift cannot import, so each one used is a function here. Not API.
#ifndef LATENT_CMPI_SHIM_H
#define LATENT_CMPI_SHIM_H
#include <mpi.h>

static inline MPI_Comm latent_mpi_comm_world(void) { return MPI_COMM_WORLD; }
static inline MPI_Datatype latent_mpi_float(void) { return MPI_FLOAT; }
static inline MPI_Datatype latent_mpi_double(void) { return MPI_DOUBLE; }
static inline MPI_Op latent_mpi_sum(void) { return MPI_SUM; }
static inline MPI_Errhandler latent_mpi_errors_return(void) { return MPI_ERRORS_RETURN; }
static inline void *latent_mpi_in_place(void) { return MPI_IN_PLACE; }
static inline int latent_mpi_success(void) { return MPI_SUCCESS; }
static inline int latent_mpi_max_error_string(void) { return MPI_MAX_ERROR_STRING; }
#endif
