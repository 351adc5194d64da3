/* Allreduce (sum, in place) of N doubles, timed with MPI_Wtime over R repetitions after W warm-up ones:
 * the reference for Hemingway's bindings (see run.sh). Usage: allreduce [R [N [W]]]. Rank 0 prints one line:
 * "c ranks=P doubles=N reps=R seconds_per_allreduce=S". */
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
  MPI_Init(&argc, &argv);
  int rank, size;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  int reps = argc > 1 ? atoi(argv[1]) : 100;
  int n = argc > 2 ? atoi(argv[2]) : 1000000;
  int warmup = argc > 3 ? atoi(argv[3]) : 5;
  double *x = malloc(sizeof(double) * (size_t)n);
  for (int i = 0; i < n; i++) x[i] = rank + i * 1e-6;
  for (int r = 0; r < warmup; r++) MPI_Allreduce(MPI_IN_PLACE, x, n, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
  MPI_Barrier(MPI_COMM_WORLD);
  double start = MPI_Wtime();
  for (int r = 0; r < reps; r++) MPI_Allreduce(MPI_IN_PLACE, x, n, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
  double seconds = (MPI_Wtime() - start) / reps;
  /* The slowest rank's time is the collective's time. */
  MPI_Allreduce(MPI_IN_PLACE, &seconds, 1, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD);
  if (rank == 0) printf("c ranks=%d doubles=%d reps=%d seconds_per_allreduce=%.9f\n", size, n, reps, seconds);
  free(x);
  MPI_Finalize();
  return 0;
}
