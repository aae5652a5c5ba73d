#include "fft2d.h"

namespace fd {

int fastSize(int n) {
  if (n < 1) return 1;
  for (int m = n;; ++m) {
    int rest = m;
    for (int p : {2, 3, 5}) {
      while (rest % p == 0) rest /= p;
    }
    if (rest == 1) return m;
  }
}

}  // namespace fd
