#include "conf.h"
void guest_main(uint32_t m, uint32_t i){(void)m;(void)i;conf_init("ioapic");conf_done();}
