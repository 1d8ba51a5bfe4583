// Four threads each build a 100000-character string: the workload of the multi-threaded Java sample.
public class Threads {
    public static void main(String[] args) throws InterruptedException {
        Thread[] threads = new Thread[4];
        for (int i = 0; i < threads.length; i++) {
            final int k = i;
            threads[i] = new Thread(() -> {
                StringBuilder b = new StringBuilder();
                for (int j = 0; j < 100000; j++) {
                    b.append(j % 7);
                }
                System.out.println(k + " " + b.length());
            });
            threads[i].start();
        }
        for (Thread t : threads) {
            t.join();
        }
    }
}
